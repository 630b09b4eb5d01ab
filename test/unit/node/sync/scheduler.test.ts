// When sync polls: the scheduler alone, with rounds that only count, and short real intervals.
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../../../src/main/services/log'
import {
  createScheduler,
  DEFAULT_INTERVALS,
  pollDelay,
  type Scheduler,
} from '../../../../src/main/services/sync/scheduler'

let scheduler: Scheduler | null = null
afterEach(() => scheduler?.stop())

function start(intervals: Record<string, number>, failList?: () => boolean) {
  const rounds = { list: 0, active: 0 }
  scheduler = createScheduler({
    intervals: { listFocusedMs: 40, activeFocusedMs: 40, relayHealthyMs: 10_000, ...intervals },
    logger: createLogger({ console: false, sink: () => undefined }),
    pullList: async () => {
      rounds.list++
      if (failList?.()) throw new Error('offline')
    },
    pullActive: async () => void rounds.active++,
    markRead: () => undefined,
    onStatus: () => undefined,
    onOnline: () => undefined,
  })
  scheduler.start()
  return rounds
}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('scheduler', () => {
  it('polls the list on its interval, and the open chat on its own', async () => {
    const rounds = start({})
    await scheduler!.settled()
    scheduler!.setActiveChat('c1')
    await expect.poll(() => rounds.list, { timeout: 5_000 }).toBeGreaterThanOrEqual(3)
    await expect.poll(() => rounds.active, { timeout: 5_000 }).toBeGreaterThanOrEqual(3)
    expect(scheduler!.status().state).toBe('online')
  })

  it('while the team relay is healthy polling is a slow safety net; losing the relay resumes it', async () => {
    const rounds = start({})
    await scheduler!.settled()
    scheduler!.setActiveChat('c1')
    scheduler!.setRelayHealthy(true)
    await wait(50)
    const listed = rounds.list
    const pulled = rounds.active
    await wait(300)
    expect(rounds.list).toBe(listed)
    expect(rounds.active).toBe(pulled)
    scheduler!.setRelayHealthy(false)
    await expect.poll(() => rounds.list, { timeout: 5_000 }).toBeGreaterThan(listed + 2)
    await expect.poll(() => rounds.active, { timeout: 5_000 }).toBeGreaterThan(pulled + 2)
  })

  it('spreads the safety net ±10% around its interval, so a team’s desktops do not poll in step', () => {
    const healthy = (random: number) =>
      pollDelay('list', {
        presence: { focused: true, visible: true },
        relayHealthy: true,
        intervals: DEFAULT_INTERVALS,
        random: () => random,
      })
    expect(healthy(0)).toBe(DEFAULT_INTERVALS.relayHealthyMs * 0.9)
    expect(healthy(0.5)).toBe(DEFAULT_INTERVALS.relayHealthyMs)
    expect(healthy(1)).toBe(DEFAULT_INTERVALS.relayHealthyMs * 1.1)
  })

  it('runs a round at once when the machine wakes (the open chat too), on the relay or not', async () => {
    const tenMinutes = 10 * 60_000
    const rounds = start({
      listFocusedMs: tenMinutes,
      activeFocusedMs: tenMinutes,
      relayHealthyMs: tenMinutes,
    })
    await scheduler!.settled()
    scheduler!.setActiveChat('c1')
    await expect.poll(() => rounds.active).toBe(1)
    for (const relayHealthy of [true, false]) {
      scheduler!.setRelayHealthy(relayHealthy)
      const before = { ...rounds }
      await scheduler!.syncNow()
      expect(rounds).toEqual({ list: before.list + 1, active: before.active + 1 })
      expect(scheduler!.status().state).toBe('online')
    }
  })

  it('on wake, a backoff in progress gives way to a round now', async () => {
    let offline = true
    const rounds = start({ backoffBaseMs: 10 * 60_000, backoffMaxMs: 10 * 60_000 }, () => offline)
    await scheduler!.settled()
    expect(scheduler!.status().state).not.toBe('online')
    const failed = rounds.list
    offline = false
    await scheduler!.syncNow()
    expect(rounds.list).toBe(failed + 1)
    expect(scheduler!.status().state).toBe('online')
  })
})
