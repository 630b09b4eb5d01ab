// Conversations: new chats waiting to be created, kept durably like the outbox's messages (new-chats.json,
// written on every change), so a crash or a night offline loses nothing. Each attempt finds before it
// creates: Linq's createChat is find-or-create, but the scope of its idempotency key is not documented, so
// after an attempt that may have reached Linq the first message could otherwise go twice. When findChat
// answers a chat, the newest page is read for our message (same text, ours, sent since we queued it);
// only when it is not there does the text go out, with the entry's one key. One creation at a time; a
// transient failure waits its backoff (capped), anything else waits for the user (retry or discard).
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  CONVERSATION_LIMITS,
  LIMITS,
  type Chat,
  type Message,
  type PendingChat,
} from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { backoffDelay, type BackoffPolicy } from '../async/backoff'
import { capDelay, delayTimer, sleep } from '../async/delay'
import type { StoreEngine } from '../cache/engine'
import { newIdempotencyKey, type LinqClient } from '../linq-api'
import type { Logger } from '../log'
import { failureOf, isTransient } from '../outbox/entries'
import { MIN_RETRY_MS } from '../outbox/pump'
import type { OnDamage } from '../persist/documents'
import { openStoredList } from '../persist/stored-list'

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/)
const entrySchema = z.object({
  localId: z.string().regex(/^newchat_[0-9a-f]{32}$/),
  from: e164,
  to: z.array(e164).min(1).max(CONVERSATION_LIMITS.maxRecipients),
  displayName: z.string().max(CONVERSATION_LIMITS.maxGroupNameLength).nullable(),
  text: z.string().min(1).max(LIMITS.maxTextLength),
  idempotencyKey: z.string().regex(/^[a-zA-Z0-9_-]{1,255}$/),
  createdAt: z.iso.datetime({ offset: true }),
  state: z.enum(['queued', 'sending', 'failed']),
  failure: z.object({ message: z.string().max(1000), retryable: z.boolean() }).nullable(),
  attempts: z.number().int().nonnegative(),
})
type Entry = z.output<typeof entrySchema>

/** How far back (before it was queued) a message of ours still counts as this entry's first message. */
const OWN_MESSAGE_SLACK_MS = 10 * 60_000

export interface NewChatsOptions {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
  client: Pick<LinqClient, 'findChat' | 'createChat' | 'listChatMessages' | 'sendMessage'>
  /** Linq has the chat and the first message: put them where the app shows them. */
  onCreated(localId: string, chat: Chat, message: Message): void
  onChange(pending: PendingChat[]): void
  backoff?: BackoffPolicy
  random?: () => number
  now?: () => number
}

const view = (e: Entry): PendingChat => ({
  localId: e.localId,
  from: e.from,
  to: e.to,
  displayName: e.displayName,
  text: e.text,
  createdAt: e.createdAt,
  state: e.state,
  failure: e.failure,
})

export function createNewChats(options: NewChatsOptions) {
  const { client, logger } = options
  const now = options.now ?? Date.now
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60_000 }
  const list = openStoredList({
    ...options,
    name: 'new-chats',
    document: 'new-chats',
    version: 1,
    schema: entrySchema,
    max: 1_000,
  })
  // Interrupted mid-attempt: it goes again, finding first.
  let entries: Entry[] = list.items.map((e) => (e.state === 'sending' ? { ...e, state: 'queued' } : e))
  let running = false
  let flight: { entry: Entry; controller: AbortController; done: Promise<void> } | null = null
  let retryTimer: NodeJS.Timeout | null = null

  const changed = () => {
    list.save(entries)
    options.onChange(entries.map(view))
  }
  const find = (localId: string) => {
    const entry = entries.find((e) => e.localId === localId)
    if (!entry) throw new AppError('not-found', 'That new chat is no longer waiting.')
    return entry
  }

  /** Our first message in the chat Linq found, if an earlier attempt already delivered it. */
  const earlierDelivery = async (chatId: string, entry: Entry, signal: AbortSignal) => {
    const page = await client.listChatMessages(chatId, { perPage: 20, sort: 'desc' }, { signal })
    const since = Date.parse(entry.createdAt) - OWN_MESSAGE_SLACK_MS
    return page.items.find((m) => m.isFromMe && m.text === entry.text && Date.parse(m.sentAt) >= since)
  }

  const create = async (entry: Entry, signal: AbortSignal): Promise<{ chat: Chat; message: Message }> => {
    const found = await client.findChat(entry.from, entry.to, { signal })
    if (!found) {
      return client.createChat(
        {
          sendFrom: entry.from,
          phoneNumbers: entry.to,
          displayName: entry.displayName ?? undefined,
          text: entry.text,
          idempotencyKey: entry.idempotencyKey,
        },
        { signal },
      )
    }
    const earlier = await earlierDelivery(found.id, entry, signal)
    if (earlier) return { chat: found, message: earlier }
    const sent = await client.sendMessage(
      found.id,
      { text: entry.text, idempotencyKey: entry.idempotencyKey },
      { signal },
    )
    return { chat: found, message: sent.message }
  }

  const attempt = async (entry: Entry, controller: AbortController) => {
    entry.state = 'sending'
    entry.attempts++
    changed()
    try {
      const { chat, message } = await create(entry, controller.signal)
      entries = entries.filter((e) => e !== entry)
      changed()
      options.onCreated(entry.localId, chat, { ...message, localId: entry.localId })
    } catch (error) {
      if (!entries.includes(entry) || !running) return
      if (controller.signal.aborted) entry.state = 'queued'
      else if (isTransient(error)) {
        entry.state = 'queued'
        const wait = Math.max(error.retryAfterMs ?? 0, backoffDelay(entry.attempts, backoff, options.random))
        retryTimer = delayTimer(
          () => {
            retryTimer = null
            pump()
          },
          capDelay(wait, { minMs: MIN_RETRY_MS }),
          { minMs: MIN_RETRY_MS },
        )
      } else {
        entry.state = 'failed'
        entry.failure = failureOf(error)
        logger.warn('new chat refused', { localId: entry.localId, error: failureOf(error).message })
      }
      changed()
    }
  }

  /** Starts the oldest waiting entry when nothing is in flight or waiting for its retry. */
  function pump(): void {
    if (!running || flight || retryTimer) return
    const next = entries.find((e) => e.state === 'queued')
    if (!next) return
    const controller = new AbortController()
    const done = attempt(next, controller).finally(() => {
      flight = null
      // From the event loop, never from the attempt that just ended: nothing here spins.
      setImmediate(pump)
    })
    flight = { entry: next, controller, done }
  }

  return {
    start(): void {
      running = true
      options.onChange(entries.map(view))
      pump()
    },
    list: (): PendingChat[] => entries.map(view),

    enqueue(input: { from: string; to: string[]; displayName: string | null; text: string }): PendingChat {
      if (!running) throw new AppError('internal', 'New chats cannot be created right now.')
      const entry: Entry = {
        localId: 'newchat_' + randomUUID().replace(/-/g, ''),
        ...input,
        idempotencyKey: newIdempotencyKey(),
        createdAt: new Date(now()).toISOString(),
        state: 'queued',
        failure: null,
        attempts: 0,
      }
      entries.push(entry)
      changed()
      pump()
      return view(entry)
    },

    retry(localId: string): void {
      const entry = find(localId)
      if (entry.state !== 'failed') return
      entry.state = 'queued'
      entry.failure = null
      changed()
      pump()
    },

    async discard(localId: string): Promise<void> {
      const entry = find(localId)
      entries = entries.filter((e) => e !== entry)
      if (flight?.entry === entry) {
        flight.controller.abort()
        await flight.done
      }
      changed()
    },

    /** Online again (or the user asked): waiting creations go now instead of after their backoff. */
    nudge(): void {
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
      pump()
    },

    /** Resolves once nothing is queued or in flight (failed entries wait for the user). */
    async idle(): Promise<void> {
      while (running && (flight || entries.some((e) => e.state === 'queued'))) {
        await (flight?.done ?? sleep(50))
      }
    },

    async stop(): Promise<void> {
      running = false
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
      const current = flight
      current?.controller.abort()
      await current?.done
      for (const e of entries) if (e.state === 'sending') e.state = 'queued'
      list.save(entries)
    },
  }
}

export type NewChats = ReturnType<typeof createNewChats>
