// What the user is told when a sync round fails, and how long the app waits before the next: a pure
// function of the error and the backoff already computed, so every case is a unit test (status.test.ts).
import type { SyncStatus } from '../../../shared/domain'
import { capDelay } from '../async/delay'
import { LinqApiError } from '../linq-api/errors'

export interface FailureContext {
  /** The jittered backoff for this many failures in a row. */
  backoffMs: number
  /** The longest backoff: what a refused token waits, since retrying sooner cannot help. */
  backoffMaxMs: number
  /** No retry sooner than this, whatever Retry-After says. */
  minMs: number
  now: number
  lastSyncedAt: number | null
}

/** The status to show after `error`, and the delay before the next try (capped for a timer). */
export function statusForError(
  error: unknown,
  context: FailureContext,
): { status: SyncStatus; delayMs: number } {
  const { now, lastSyncedAt, minMs } = context
  const http = error instanceof LinqApiError && error.kind === 'http' ? error : null
  let delayMs = capDelay(context.backoffMs, { minMs })
  if (http?.status === 429) {
    delayMs = capDelay(Math.max(delayMs, http.retryAfterMs ?? 0), { minMs })
    const detail = 'Linq asked the app to slow down.'
    return { status: { state: 'rate-limited', nextRetryAt: now + delayMs, detail, lastSyncedAt }, delayMs }
  }
  if (http?.status === 401 || http?.status === 403) {
    delayMs = capDelay(context.backoffMaxMs, { minMs })
    const detail = 'Linq no longer accepts this workspace’s token. Sign out and sign in again.'
    return { status: { state: 'offline', nextRetryAt: now + delayMs, detail, lastSyncedAt }, delayMs }
  }
  const detail = http
    ? `Linq is having trouble (${http.status ?? 'error'}).`
    : error instanceof LinqApiError && error.kind === 'bad-response'
      ? 'Linq sent an answer the app doesn’t understand.'
      : 'Can’t reach Linq. Check your connection.'
  return { status: { state: 'offline', nextRetryAt: now + delayMs, detail, lastSyncedAt }, delayMs }
}
