// Sync under absurd Retry-After values, end to end (app core, demo workspace, its sandbox): the polls never
// storm. The review saw Retry-After: 3000000 turn into a timer of 1 ms (Node's overflow) in sync too.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'vitest'
import { startTestCore, until, type TestCore } from '../../../support/core'

const reads = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([operation]) => operation.startsWith('list') || operation.startsWith('get'))
    .reduce((sum, [, n]) => sum + n, 0)

// Each case watches its own app core and sandbox through a real-time window, so the cases run side by side
// (concurrent) rather than one window after another; a storm only shows more reads, never fewer.
describe.concurrent('sync under absurd Retry-After values', () => {
  const windowMs = 3_000
  const cases: [string, string, number][] = [
    // Longer than anything waits: one failed poll, then the capped hour.
    ['huge seconds', '3000000', 2],
    ['a far-future date', 'Fri, 31 Dec 9999 23:59:59 GMT', 2],
    // Read as no header: the client's two tries, then sync's own backoff from 1 s, doubling.
    ['negative', '-1', 12],
    ['garbage', 'in a while', 12],
    ['a date in the past', 'Thu, 01 Jan 1970 00:00:00 GMT', 12],
  ]
  for (const [name, retryAfter, atMost] of cases) {
    it(`${name} (${retryAfter}): at most ${atMost} reads in ${windowMs / 1000} s`, async ({
      expect,
      onTestFinished,
    }) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'linq-sync-storm-'))
      const started: TestCore[] = []
      onTestFinished(async () => {
        for (const core of started) await core.core.dispose()
        await rm(dataDir, { recursive: true, force: true })
      })
      const test = await startTestCore({ dataDir })
      started.push(test)
      await test.value('startDemo')
      // The first sync over (so syncNow below starts a new one rather than joining it).
      await until(async () => (await test.value('getSyncStatus')).state === 'online')
      const sandbox = test.core.demoSandbox()!
      sandbox.faults.set({ rules: [{ method: 'GET', status: 429, retryAfter }] })
      const statuses: { state: string; nextRetryAt: number | null; at: number }[] = []
      test.core.events.subscribe((event, payload) => {
        if (event === 'syncStatus')
          statuses.push({ ...(payload as { state: string; nextRetryAt: number | null }), at: Date.now() })
      })
      const before = reads(sandbox.state.requestCounts)
      await test.value('syncNow').catch(() => undefined)
      await new Promise((r) => setTimeout(r, windowMs))
      const polled = reads(sandbox.state.requestCounts) - before
      process.stdout.write(
        `sync, Retry-After ${JSON.stringify(retryAfter)}: ${polled} reads in ${windowMs} ms\n`,
      )
      expect(polled).toBeGreaterThanOrEqual(1)
      expect(polled).toBeLessThanOrEqual(atMost)
      // Each time it said "rate-limited", the next try it named was within the capped hour.
      const limited = statuses.filter((s) => s.state === 'rate-limited')
      expect(limited.length).toBeGreaterThanOrEqual(1)
      for (const s of limited) expect(s.nextRetryAt! - s.at).toBeLessThanOrEqual(3_600_000)
    })
  }
})
