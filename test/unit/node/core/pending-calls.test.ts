// The web bridge's caller side: every call settles, with its answer, a typed timeout, or `disconnected`.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CALL_TIMEOUTS_MS, DEFAULT_CALL_TIMEOUT_MS } from '../../../../src/shared/contract'
import { createPendingCalls, TIMED_OUT } from '../../../../src/preload/pending-calls'

afterEach(() => {
  vi.useRealTimers()
})

describe('pending bridge calls', () => {
  it('a call with no answer settles with a typed timeout after its channel’s time; a late answer is ignored', async () => {
    vi.useFakeTimers()
    const calls = createPendingCalls()
    const quick = calls.start('getSettings')
    const slow = calls.start('sendMessage')
    let quickResult: unknown = null
    void quick.result.then((r) => (quickResult = r))
    await vi.advanceTimersByTimeAsync(DEFAULT_CALL_TIMEOUT_MS - 1)
    expect(quickResult).toBeNull()
    await vi.advanceTimersByTimeAsync(1)
    expect(quickResult).toEqual(TIMED_OUT)
    expect(TIMED_OUT).toMatchObject({ ok: false, error: { kind: 'timeout', retryable: true } })
    calls.answer(quick.id, { ok: true, value: 'late' })
    expect(quickResult).toEqual(TIMED_OUT)
    // A send of a large file is given longer.
    expect(calls.size).toBe(1)
    await vi.advanceTimersByTimeAsync(CALL_TIMEOUTS_MS.sendMessage! - DEFAULT_CALL_TIMEOUT_MS)
    await expect(slow.result).resolves.toEqual(TIMED_OUT)
    expect(calls.size).toBe(0)
  })

  it('answers settle their own call; a closed socket settles the rest', async () => {
    const calls = createPendingCalls(() => 60_000)
    const a = calls.start('getSettings')
    const b = calls.start('listChats')
    const c = calls.start('getSession')
    calls.answer(b.id, { ok: true, value: 'b' })
    await expect(b.result).resolves.toEqual({ ok: true, value: 'b' })
    const closed = {
      ok: false as const,
      error: { kind: 'network' as const, message: 'gone', retryable: true },
    }
    calls.failAll(closed)
    await expect(a.result).resolves.toEqual(closed)
    await expect(c.result).resolves.toEqual(closed)
    expect(calls.size).toBe(0)
    expect(new Set([a.id, b.id, c.id]).size).toBe(3)
  })
})
