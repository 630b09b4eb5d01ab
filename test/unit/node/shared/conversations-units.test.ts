// Conversations' pure rules: the typing throttle (driven on a fake clock) and the SMS segment counter.
import { describe, expect, it } from 'vitest'
import { smsSegments } from '../../../../src/shared/sms-segments'
import { createTypingThrottle } from '../../../../src/shared/typing-throttle'

function harness() {
  let clock = 0
  const sent: string[] = []
  const timers = new Map<number, { at: number; run: () => void }>()
  let nextTimer = 1
  const throttle = createTypingThrottle({
    send: (chatId, typing) => sent.push(`${chatId}:${typing ? 'start' : 'stop'}@${clock}`),
    now: () => clock,
    setTimer: (run, ms) => {
      const id = nextTimer++
      timers.set(id, { at: clock + ms, run })
      return id
    },
    clearTimer: (id) => void timers.delete(id as number),
  })
  const advance = (ms: number) => {
    const until = clock + ms
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      timers.delete(due[0])
      clock = due[1].at
      due[1].run()
    }
    clock = until
  }
  return { throttle, sent, advance, pendingTimers: () => timers.size }
}

describe('typing throttle', () => {
  it('starts at the first keystroke, once while typing goes on, and stops after 5 s idle', () => {
    const { throttle, sent, advance } = harness()
    throttle.input('a', 'H')
    for (let i = 0; i < 20; i++) {
      advance(200)
      throttle.input('a', 'Hello'.slice(0, 1 + (i % 5)))
    }
    expect(sent).toEqual(['a:start@0'])
    advance(5_000)
    expect(sent).toEqual(['a:start@0', 'a:stop@9000'])
  })

  it('never starts twice in 4 s in one chat, and refreshes a long stretch of typing every 45 s', () => {
    const { throttle, sent, advance } = harness()
    throttle.input('a', 'x')
    throttle.stop('a')
    advance(1_000)
    throttle.input('a', 'xy') // within 4 s of the last start: no start
    advance(3_000)
    throttle.input('a', 'xyz') // 4 s after: starts again
    for (let t = 0; t < 50; t++) {
      advance(1_000)
      throttle.input('a', 'more')
    }
    expect(sent.filter((s) => s.startsWith('a:start'))).toEqual([
      'a:start@0',
      'a:start@4000',
      'a:start@49000',
    ])
  })

  it('stops on clearing the field, on send and on leaving the chat; chats are independent', () => {
    const { throttle, sent, advance, pendingTimers } = harness()
    throttle.input('a', 'hi')
    throttle.input('b', 'yo')
    throttle.input('a', '   ')
    advance(4_000)
    throttle.input('a', 'again')
    throttle.stop('a') // sent
    throttle.stop('a') // nothing more to stop
    throttle.stopAll() // switching away from b
    expect(sent).toEqual(['a:start@0', 'b:start@0', 'a:stop@0', 'a:start@4000', 'a:stop@4000', 'b:stop@4000'])
    expect(pendingTimers()).toBe(0)
  })
})

describe('SMS segments', () => {
  it.each([
    ['', 'GSM-7', 0, 160],
    ['a'.repeat(160), 'GSM-7', 1, 0],
    ['a'.repeat(161), 'GSM-7', 2, 145],
    ['a'.repeat(306), 'GSM-7', 2, 0],
    ['a'.repeat(307), 'GSM-7', 3, 152],
    ['€'.repeat(80), 'GSM-7', 1, 0],
    ['€'.repeat(81), 'GSM-7', 2, 144],
    ['é'.repeat(160), 'GSM-7', 1, 0],
    ['á'.repeat(70), 'UCS-2', 1, 0],
    ['ş'.repeat(70), 'UCS-2', 1, 0],
    ['ş'.repeat(71), 'UCS-2', 2, 63],
    ['Thanks 🙏', 'UCS-2', 1, 61],
  ] as const)('%#: %j is %s in %d segments, %d left', (text, encoding, segments, remaining) => {
    expect(smsSegments(text)).toMatchObject({ encoding, segments, remaining })
  })

  it('a long text past 10 segments counts each', () => {
    expect(smsSegments('a'.repeat(153 * 11)).segments).toBe(11)
    expect(smsSegments('😀'.repeat(67)).segments).toBe(2)
  })
})
