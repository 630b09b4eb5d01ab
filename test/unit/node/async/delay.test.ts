// Absurd delays at the parse level: what a server says in Retry-After, and what reaches a timer.
import { describe, expect, it } from 'vitest'
import { capDelay, MAX_DELAY_MS, sleep, TIMER_LIMIT_MS } from '../../../../src/main/services/async/delay'
import { parseRetryAfter } from '../../../../src/main/services/linq-api/errors'

describe('capDelay', () => {
  it('keeps every delay finite, at least the minimum asked and at most an hour (below the timer limit)', () => {
    expect(MAX_DELAY_MS).toBe(3_600_000)
    expect(MAX_DELAY_MS).toBeLessThan(TIMER_LIMIT_MS)
    const cases: [number, number | undefined, number][] = [
      [1_500, undefined, 1_500],
      [0, undefined, 0],
      [-5, undefined, 0],
      [Number.NaN, undefined, 0],
      [Number.NEGATIVE_INFINITY, undefined, 0],
      [Number.POSITIVE_INFINITY, undefined, MAX_DELAY_MS],
      [3_000_000_000, undefined, MAX_DELAY_MS],
      [Number.MAX_VALUE, undefined, MAX_DELAY_MS],
      [0, 250, 250],
      [-1, 250, 250],
      [Number.NaN, 250, 250],
      [100, 250, 250],
      [10_000, 250, 10_000],
      // A minimum larger than the cap is itself capped.
      [5, 10 * MAX_DELAY_MS, MAX_DELAY_MS],
    ]
    for (const [ms, minMs, expected] of cases) {
      expect(capDelay(ms, minMs === undefined ? {} : { minMs }), `${ms} (min ${minMs})`).toBe(expected)
    }
  })

  it('sleep never hands a timer an overflowing delay (it would fire after 1 ms)', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.name)
    process.on('warning', onWarning)
    const controller = new AbortController()
    let woke = false
    const slept = sleep(Number.MAX_SAFE_INTEGER, controller.signal).then(() => (woke = true))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(woke).toBe(false)
    controller.abort(new Error('stop'))
    await expect(slept).rejects.toThrow('stop')
    process.off('warning', onWarning)
    expect(warnings).not.toContain('TimeoutOverflowWarning')
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z')

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter('5', now)).toBe(5_000)
    expect(parseRetryAfter(' 2 ', now)).toBe(2_000)
    expect(parseRetryAfter('1.5', now)).toBe(1_500)
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now)).toBe(30_000)
  })

  it('a huge value parses as huge (the timers cap it); an HTTP date in the past is now', () => {
    expect(parseRetryAfter('3000000', now)).toBe(3_000_000_000)
    expect(parseRetryAfter('99999999999999999999', now)).toBe(1e23)
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now)).toBeGreaterThan(TIMER_LIMIT_MS)
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0)
  })

  it('anything else is as if there were no header: negatives, garbage, numbers that are not numbers', () => {
    for (const value of [
      null,
      '',
      '   ',
      '-1',
      '-5',
      '1e400',
      'Infinity',
      'NaN',
      '0x10',
      'soon',
      'tomorrow',
      '2025-06-01',
      '12:00:00',
      '5 seconds',
      '\u0000',
      '9'.repeat(400),
    ]) {
      expect(parseRetryAfter(value, now), JSON.stringify(value)).toBeUndefined()
    }
  })
})
