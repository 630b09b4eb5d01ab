// Fetch once per event, at the relay: for an event in a chat's newest messages (SHARED_EVENT_TYPES) the relay
// asks Linq for that chat's newest page, the request a desktop's pull makes, and publishes Linq's answer with
// the event, so no desktop has to ask (see relay-protocol.ts). The fetch is bounded so the webhook is still
// answered fast: a few fetches at a time, each event waiting for its turn and fetching within `timeoutMs` all
// told (one capped retry inside it); when that fails or runs out, the event goes out as Linq sent it and
// desktops pull instead.
// Nothing here logs the answer (it holds message bodies) or the token.
import { errorMessage } from '../shared/error-message'
import { createLinqClient } from '../main/services/linq-api'
import type { Logger } from '../main/services/log'
import {
  chatIdOf,
  NEWEST_WINDOW,
  SHARED_EVENT_TYPES,
  SHARED_FIELD,
  type SharedFetch,
  type WebhookEnvelope,
  type WebhookEventType,
} from '../shared/relay-protocol'

export interface ShareOptions {
  linq: { baseUrl: string; token: string; fetch?: typeof fetch }
  /** The whole fetch, retry included, within this (default 2 s: the answer to Linq stays well inside 10 s). */
  timeoutMs?: number
  /** Fetches in flight at once (default 4, kind to Linq's rate limits); the others wait within their time. */
  concurrency?: number
  logger: Logger
  now?: () => number
}

export type ShareOutcome =
  | { shared: true; body: Uint8Array }
  | { shared: false; reason: 'not-shared-type' | 'redelivery' | 'failed' | 'too-large' }

/** Larger answers are not worth a stream message (max 1 MB, and every desktop reads it): desktops pull. */
const MAX_SHARED_BYTES = 512 * 1024

export function createSharer(options: ShareOptions) {
  const timeoutMs = options.timeoutMs ?? 2000
  const concurrency = options.concurrency ?? 4
  const now = options.now ?? Date.now
  const client = createLinqClient({
    baseUrl: options.linq.baseUrl,
    token: options.linq.token,
    fetch: options.linq.fetch,
    logger: options.logger,
    timeoutMs,
    // One retry after a short, capped wait; a Retry-After longer than that ends it (the desktops pull later).
    retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 500 },
  })
  // Linq redelivers an event whose 200 it did not see: the stream drops the copy, so do not fetch for it.
  // The last 10,000 stored event ids (a Set iterates oldest first).
  const published = new Set<string>()
  const slots = createSlots(concurrency)

  const fetchNewest = async (chatId: string, signal: AbortSignal): Promise<SharedFetch> => {
    const fetchedAt = new Date(now()).toISOString()
    const answer = await client.listChatMessagesAnswer(
      chatId,
      { sort: NEWEST_WINDOW.sort, perPage: NEWEST_WINDOW.perPage },
      { signal },
    )
    return {
      operation_id: 'listChatMessages',
      chat_id: chatId,
      query: { sort: NEWEST_WINDOW.sort, per_page: NEWEST_WINDOW.perPage },
      fetched_at: fetchedAt,
      answer,
    }
  }

  return {
    /** The bytes to publish for the event: with Linq's answer when it could be had in time. */
    async share(envelope: WebhookEnvelope): Promise<ShareOutcome> {
      const chatId = chatIdOf(envelope)
      if (chatId === null || !SHARED_EVENT_TYPES.includes(envelope.event_type as WebhookEventType))
        return { shared: false, reason: 'not-shared-type' }
      if (published.has(envelope.event_id)) return { shared: false, reason: 'redelivery' }
      const signal = AbortSignal.timeout(timeoutMs)
      let turn = false
      try {
        await slots.take(signal)
        turn = true
        const shared = await fetchNewest(chatId, signal)
        const body = Buffer.from(JSON.stringify({ ...envelope, [SHARED_FIELD]: shared }))
        if (body.byteLength > MAX_SHARED_BYTES) return { shared: false, reason: 'too-large' }
        return { shared: true, body }
      } catch (error) {
        options.logger.warn('relay: could not fetch the chat for desktops; they will pull it', {
          event_id: envelope.event_id,
          error: errorMessage(error),
        })
        return { shared: false, reason: 'failed' }
      } finally {
        if (turn) slots.give()
      }
    },
    /** The event is in the stream: a redelivery of it needs no fetch. */
    stored(eventId: string): void {
      published.add(eventId)
      if (published.size > 10_000) published.delete(published.values().next().value as string)
    },
  }
}

export type Sharer = ReturnType<typeof createSharer>

/** `size` turns at a time; a wait ends with the signal (its reason thrown), so nothing queues past its time. */
function createSlots(size: number) {
  let free = size
  const waiting: (() => void)[] = []
  return {
    take(signal: AbortSignal): Promise<void> {
      if (free > 0) {
        free--
        return Promise.resolve()
      }
      return new Promise((resolve, reject) => {
        const turn = () => {
          signal.removeEventListener('abort', giveUp)
          resolve()
        }
        const giveUp = () => {
          waiting.splice(waiting.indexOf(turn), 1)
          reject(signal.reason as Error)
        }
        signal.throwIfAborted()
        waiting.push(turn)
        signal.addEventListener('abort', giveUp, { once: true })
      })
    },
    give(): void {
      const next = waiting.shift()
      if (next) next()
      else free++
    },
  }
}
