// The outbox's pump: per chat, the oldest entry that is not failed goes out, one at a time, so a chat's
// messages land in order. It is a scheduler over the persisted list rather than a queue of tasks, because
// the order must survive a restart and a message the user retries keeps its place. A transient failure
// waits for its backoff (the chat waits with it); anything else fails the entry, which then waits for the
// user. Rounds start from the event loop, never from the round that just ended: nothing here spins.
import type { LinqClient, SendResult } from '../linq-api'
import { LinqApiError } from '../linq-api/errors'
import type { Logger } from '../log'
import { AppError } from '../../../shared/errors'
import { backoffDelay, type BackoffPolicy } from '../async/backoff'
import { capDelay, delayTimer } from '../async/delay'
import { failureOf, isTransient, type OutboxEntry } from './entries'

const nameOf = (error: unknown) => (error instanceof Error ? error.name : typeof error)

/** No retry comes back sooner than this, whatever the backoff or Retry-After say. */
export const MIN_RETRY_MS = 250

/** The entries the pump sends, and what it tells about them. */
export interface OutboxBook {
  entries(): readonly OutboxEntry[]
  has(entry: OutboxEntry): boolean
  /** Persists the entry's new state and shows it. */
  changed(entry: OutboxEntry): void
  /** Upload progress shown on the entry (not persisted); null forgets it. */
  progress(entry: OutboxEntry, progress: { sentBytes: number; totalBytes: number } | null): void
  /** Linq has it: the entry leaves the outbox with its files. */
  sent(entry: OutboxEntry, result: SendResult): Promise<void>
  filePath(localId: string, index: number): string
}

export interface PumpOptions {
  book: OutboxBook
  client: Pick<LinqClient, 'sendMessage'>
  logger: Logger
  backoff: BackoffPolicy
  random: () => number
  now: () => number
  onTransientFailure?(error: LinqApiError, nextAttemptAt: number): void
}

export function createPump(options: PumpOptions) {
  const { book, logger } = options
  const inFlight = new Map<string, { localId: string; controller: AbortController; done: Promise<void> }>()
  const retryTimers = new Map<string, NodeJS.Timeout>()
  const idleWaiters = new Set<() => void>()
  let running = false
  let scheduled: NodeJS.Immediate | null = null

  const notifyIdle = () => {
    if (inFlight.size > 0 || retryTimers.size > 0 || book.entries().some((e) => e.state !== 'failed')) return
    for (const resolve of idleWaiters) resolve()
    idleWaiters.clear()
  }

  /** Refused by Linq, or went wrong before reaching it: no retry can fix that, so it waits for the user. */
  const fail = (entry: OutboxEntry, error: unknown) => {
    entry.state = 'failed'
    entry.failure = failureOf(error)
    logger.warn('send failed', {
      chat: entry.chatId,
      localId: entry.localId,
      // Our own errors' messages are written for users (and redacted); anything else is named only.
      error: error instanceof LinqApiError || error instanceof AppError ? error.message : nameOf(error),
    })
    book.changed(entry)
  }

  const retryLater = (entry: OutboxEntry, error: LinqApiError) => {
    const wait = Math.max(
      error.retryAfterMs ?? 0,
      backoffDelay(entry.attempts, options.backoff, options.random),
    )
    const delay = capDelay(wait, { minMs: MIN_RETRY_MS })
    entry.state = 'queued'
    book.changed(entry)
    options.onTransientFailure?.(error, options.now() + delay)
    const timer = delayTimer(() => {
      retryTimers.delete(entry.chatId)
      pump()
    }, delay)
    retryTimers.set(entry.chatId, timer)
  }

  const send = async (entry: OutboxEntry, controller: AbortController): Promise<void> => {
    entry.state = 'sending'
    entry.attempts++
    book.changed(entry)
    let result: SendResult
    try {
      const attachments = entry.files.map((f, i) => ({
        path: book.filePath(entry.localId, i),
        filename: f.name,
        mimeType: f.mimeType,
      }))
      result = await options.client.sendMessage(
        entry.chatId,
        { text: entry.text, idempotencyKey: entry.idempotencyKey, attachments },
        { signal: controller.signal, onProgress: (p) => book.progress(entry, p) },
      )
    } catch (error) {
      book.progress(entry, null)
      if (!running || !book.has(entry)) return
      if (controller.signal.aborted) {
        entry.state = 'failed'
        entry.failure = { message: 'Sending was cancelled.', retryable: true }
        return book.changed(entry)
      }
      return isTransient(error) ? retryLater(entry, error) : fail(entry, error)
    }
    book.progress(entry, null)
    if (book.has(entry)) await book.sent(entry, result)
  }

  /** Starts the head of each chat's queue when nothing of that chat is in flight or waiting to retry. */
  const pump = () => {
    if (!running) return
    const heads = new Map<string, OutboxEntry>()
    for (const entry of book.entries()) {
      if (entry.state === 'failed' || heads.has(entry.chatId)) continue
      heads.set(entry.chatId, entry)
    }
    for (const [chatId, entry] of heads) {
      if (inFlight.has(chatId) || retryTimers.has(chatId)) continue
      const controller = new AbortController()
      const done = send(entry, controller)
        .catch((error: unknown) => {
          // Thrown outside the request (a listener, a file step): the entry waits for the user.
          if (book.has(entry) && entry.state !== 'failed') fail(entry, error)
        })
        .finally(() => {
          inFlight.delete(chatId)
          schedule()
          notifyIdle()
        })
      inFlight.set(chatId, { localId: entry.localId, controller, done })
    }
    notifyIdle()
  }

  const schedule = () => {
    scheduled ??= setImmediate(() => {
      scheduled = null
      pump()
    })
  }

  const clearRetries = () => {
    for (const timer of retryTimers.values()) clearTimeout(timer)
    retryTimers.clear()
  }

  return {
    start() {
      running = true
      pump()
    },
    running: () => running,
    pump,
    schedule,
    /** The network is back (or the user asked): retry waiting sends now instead of after their backoff. */
    nudge() {
      clearRetries()
      pump()
    },
    /** The send of `localId` in flight, if it is: cancelling aborts it. */
    flight: (chatId: string, localId: string) => {
      const flight = inFlight.get(chatId)
      return flight?.localId === localId ? flight : null
    },
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.add(resolve)
        notifyIdle()
      }),
    /** Stops sending; what is in flight is abandoned (it goes again, with the same key, at the next start). */
    async stop() {
      running = false
      if (scheduled) clearImmediate(scheduled)
      scheduled = null
      clearRetries()
      const flights = [...inFlight.values()]
      for (const flight of flights) flight.controller.abort()
      await Promise.all(flights.map((f) => f.done.catch(() => undefined)))
    },
  }
}
