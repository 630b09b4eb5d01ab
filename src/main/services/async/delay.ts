// The one place a computed or server-given delay is made safe for a timer. Node turns anything above
// 2^31−1 ms (about 24.8 days) into 1 ms with a TimeoutOverflowWarning, and NaN or a negative into 1 ms too,
// so an absurd Retry-After would otherwise become a retry storm. Every timer whose delay is not a constant
// goes through capDelay.
import { setTimeout as wait } from 'node:timers/promises'

/** The longest the app ever waits before trying something again. */
export const MAX_DELAY_MS = 60 * 60 * 1000
/** setTimeout's own limit (a signed 32-bit int); MAX_DELAY_MS stays well below it. */
export const TIMER_LIMIT_MS = 2 ** 31 - 1

/**
 * A finite delay in [minMs, MAX_DELAY_MS]: NaN and negatives become `minMs` (0 unless asked), infinities and
 * anything larger become MAX_DELAY_MS.
 */
export function capDelay(ms: number, options: { minMs?: number } = {}): number {
  const floor = Math.min(Math.max(0, options.minMs ?? 0), MAX_DELAY_MS)
  if (Number.isNaN(ms)) return floor
  return Math.min(MAX_DELAY_MS, Math.max(floor, ms))
}

/** setTimeout with the delay capped; the one way services arm a timer with a computed delay. */
export function delayTimer(callback: () => void, ms: number, options?: { minMs?: number }): NodeJS.Timeout {
  return setTimeout(callback, capDelay(ms, options))
}

/**
 * Resolves after `ms` (capped); rejects with the signal's reason when it aborts first. `ref: false` lets the
 * process exit while it waits (a backoff or a grace period must never keep the app alive).
 */
export async function sleep(
  ms: number,
  signal?: AbortSignal,
  options: { ref?: boolean } = {},
): Promise<void> {
  try {
    await wait(capDelay(ms), undefined, { signal, ref: options.ref ?? true })
  } catch (error) {
    throw signal?.aborted ? signal.reason : error
  }
}
