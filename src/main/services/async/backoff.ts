// Exponential backoff with jitter, the one formula behind every retry in main: the outbox's sends, sync's
// polls, the API client's own retries and the team relay's reconnects.

export interface BackoffPolicy {
  /** The first step. */
  baseMs: number
  /** No step is longer than this. */
  maxMs: number
}

/** The step after `failures` failures in a row (1 → baseMs, doubling, at most maxMs). */
export function backoffStep(failures: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(0, failures - 1), 16)
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent)
}

/**
 * How long to wait after `failures` failures in a row: "equal jitter", a random point in the upper half of
 * the step, so clients that failed together spread out and none comes back at once. Callers cap it with
 * capDelay and their own floor.
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const step = backoffStep(failures, policy)
  return step / 2 + random() * (step / 2)
}
