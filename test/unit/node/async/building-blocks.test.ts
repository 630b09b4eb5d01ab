// The async building blocks every service uses (src/main/services/async): backoff, serial queues, the
// worker pool and the abortable sleep. Real timers, small delays.
import { describe, expect, it } from 'vitest'
import { backoffDelay, backoffStep } from '../../../../src/main/services/async/backoff'
import { sleep } from '../../../../src/main/services/async/delay'
import { forEachConcurrently } from '../../../../src/main/services/async/pool'
import { createKeyedQueue, createSerialQueue } from '../../../../src/main/services/async/serial'

const policy = { baseMs: 100, maxMs: 1_000 }
const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('backoff', () => {
  it('doubles from the base up to the cap, and never overflows however many failures', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffStep(n, policy))).toEqual([100, 200, 400, 800, 1_000, 1_000])
    expect(backoffStep(0, policy)).toBe(100)
    expect(backoffStep(10_000, { baseMs: 1, maxMs: Number.MAX_SAFE_INTEGER })).toBe(2 ** 16)
  })

  it('waits a random point in the upper half of the step ("equal jitter")', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(200)
    expect(backoffDelay(3, policy, () => 0.5)).toBe(300)
    expect(backoffDelay(3, policy, () => 0.999999)).toBeCloseTo(400, 3)
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(4, policy)
      expect(delay).toBeGreaterThanOrEqual(400)
      expect(delay).toBeLessThanOrEqual(800)
    }
  })
})

describe('sleep', () => {
  it('waits, and rejects with the reason as soon as its signal aborts', async () => {
    const started = Date.now()
    await sleep(30)
    expect(Date.now() - started).toBeGreaterThanOrEqual(25)
    const controller = new AbortController()
    const slept = sleep(60_000, controller.signal)
    setTimeout(() => controller.abort(new Error('stop')), 10)
    await expect(slept).rejects.toThrow('stop')
    await expect(sleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already')
  })
})

describe('serial queues', () => {
  it('runs one task per key at a time, in order; other keys run alongside', async () => {
    const queue = createKeyedQueue()
    const log: string[] = []
    const gate = deferred()
    const first = queue.run('a', async () => {
      log.push('a1 start')
      await gate.promise
      log.push('a1 end')
      return 1
    })
    const second = queue.run('a', async () => {
      log.push('a2')
      return 2
    })
    const other = queue.run('b', async () => {
      log.push('b1')
      return 3
    })
    expect(await other).toBe(3)
    expect(log).toEqual(['a1 start', 'b1'])
    gate.resolve()
    expect(await Promise.all([first, second])).toEqual([1, 2])
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2'])
    await new Promise((r) => setImmediate(r))
    expect(queue.size()).toBe(0)
  })

  it('a failure is its caller’s: the next task still runs', async () => {
    const queue = createKeyedQueue()
    const failed = queue.run('a', async () => {
      throw new Error('boom')
    })
    const next = queue.run('a', async () => 'ran')
    await expect(failed).rejects.toThrow('boom')
    expect(await next).toBe('ran')
  })

  it('a task whose signal aborts while it waits rejects at once and never runs', async () => {
    const queue = createKeyedQueue()
    const gate = deferred()
    const busy = queue.run('a', () => gate.promise)
    const controller = new AbortController()
    let ran = false
    const waiting = queue.run(
      'a',
      async () => {
        ran = true
      },
      controller.signal,
    )
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
    gate.resolve()
    await busy
    expect(await queue.run('a', async () => 'after')).toBe('after')
    expect(ran).toBe(false)
  })

  it('a serial queue starts each task when the one before has settled', async () => {
    const queue = createSerialQueue()
    let running = 0
    let most = 0
    const task = async () => {
      most = Math.max(most, ++running)
      await sleep(5)
      running--
    }
    await Promise.all([queue.run(task), queue.run(task), queue.run(task)])
    expect(most).toBe(1)
  })
})

describe('worker pool', () => {
  it('keeps at most `concurrency` tasks in flight and visits every item once, in order', async () => {
    let running = 0
    let most = 0
    const started: number[] = []
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      started.push(n)
      most = Math.max(most, ++running)
      await sleep(5)
      running--
    })
    expect(most).toBe(3)
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7])
    await forEachConcurrently([], 4, async () => {
      throw new Error('never called')
    })
  })

  it('the first failure stops new tasks and is what it rejects with', async () => {
    const started: number[] = []
    const run = forEachConcurrently([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n)
      await sleep(5)
      if (n === 2) throw new Error('item 2 failed')
    })
    await expect(run).rejects.toThrow('item 2 failed')
    await sleep(30)
    // 1 and 2 ran together; 3 started when 1 finished; nothing started after 2 failed.
    expect(started).toEqual([1, 2, 3])
  })
})
