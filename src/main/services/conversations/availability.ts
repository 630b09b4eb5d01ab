// Conversations: is a recipient on iMessage? Linq allows one checkIMessageAvailability per 10 s, so checks
// run one at a time in the background, spaced by at least that (a capped timer), and each answer is kept
// for the session. A caller gets what is known now ('checking' for what is queued) and hears the rest
// through onChange. Offline or refused, the answer is 'unknown' (not kept: asking again checks again, and
// so does the connection coming back: recheckUnknown).
import type { Reachability } from '../../../shared/domain'
import { errorMessage } from '../../../shared/error-message'
import { capDelay, delayTimer } from '../async/delay'
import { LinqApiError, type LinqClient } from '../linq-api'
import type { Logger } from '../log'

/** Linq's documented limit: one check per 10 s. */
export const AVAILABILITY_INTERVAL_MS = 10_000
/** Numbers waiting to be checked at most; past it the oldest are answered 'unknown'. */
const MAX_QUEUED = 50

export function createAvailability(options: {
  client: Pick<LinqClient, 'checkIMessageAvailability'>
  logger: Logger
  onChange(results: Record<string, Reachability>): void
  intervalMs?: number
  now?: () => number
}) {
  const now = options.now ?? Date.now
  const interval = options.intervalMs ?? AVAILABILITY_INTERVAL_MS
  const known = new Map<string, 'iMessage' | 'sms'>()
  /** Numbers answered 'unknown' because a check failed, newest last: checked again on reconnect. */
  const failed = new Set<string>()
  const queue: string[] = []
  let inFlight: string | null = null
  let timer: NodeJS.Timeout | null = null
  let notBefore = 0
  let stopped = false

  const answer = (phone: string, reachability: Reachability) => options.onChange({ [phone]: reachability })

  const checkOne = async (phone: string) => {
    inFlight = phone
    notBefore = now() + interval
    try {
      const result = await options.client.checkIMessageAvailability(phone)
      const reachability = result.available ? 'iMessage' : 'sms'
      known.set(phone, reachability)
      failed.delete(phone)
      answer(phone, reachability)
    } catch (error) {
      if (error instanceof LinqApiError && error.status === 429) {
        // Someone else (another device on this token) used the slot: wait as told, then try again.
        notBefore = now() + Math.max(interval, error.retryAfterMs ?? 0)
        queue.unshift(phone)
      } else {
        options.logger.info('availability check failed', { error: errorMessage(error) })
        failed.delete(phone)
        failed.add(phone)
        if (failed.size > MAX_QUEUED) failed.delete(failed.values().next().value!)
        answer(phone, 'unknown')
      }
    } finally {
      inFlight = null
      schedule()
    }
  }

  function schedule(): void {
    if (stopped || inFlight || timer || queue.length === 0) return
    timer = delayTimer(
      () => {
        timer = null
        const next = queue.shift()
        if (next && !stopped) void checkOne(next)
      },
      capDelay(notBefore - now()),
    )
  }

  /** What is known about each number now; unknown ones are queued and answered through onChange. */
  function check(phoneNumbers: readonly string[]): Record<string, Reachability> {
    const results: Record<string, Reachability> = {}
    for (const phone of phoneNumbers) {
      const cached = known.get(phone)
      if (cached) results[phone] = cached
      else {
        if (phone !== inFlight && !queue.includes(phone)) queue.push(phone)
        results[phone] = 'checking'
      }
    }
    for (const dropped of queue.splice(0, Math.max(0, queue.length - MAX_QUEUED))) answer(dropped, 'unknown')
    schedule()
    return results
  }

  return {
    check,
    /** The connection works again: numbers whose check failed are checked again (and shown 'checking'). */
    recheckUnknown(): void {
      const again = [...failed].filter((phone) => !known.has(phone))
      failed.clear()
      if (again.length === 0 || stopped) return
      options.onChange(check(again))
    },
    stop(): void {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      queue.length = 0
    },
  }
}
