// Opening a thread at a message (a search hit): the messages from a little before it to the newest, so the
// thread shows it in place and scrolls both ways (older pages load as usual). From the cache when it holds
// the message; otherwise, for a message older than the cache keeps (the search index remembers those),
// from Linq: the page before it (`before`) and the pages after it (`after`, oldest first) up to the cache.
import type { Message } from '../../../shared/domain'
import { compareMessages } from '../../../shared/message-order'
import type { WorkspaceCache } from '../cache/cache'
import type { LinqClient } from '../linq-api'

/** Pages of 100 fetched after an old message before giving up on joining the cache (2,000 messages). */
const MAX_NEWER_PAGES = 20
/** Linq filters `after` on send time; look back a second so messages stamped in the same second stay. */
const OVERLAP_MS = 1_000

export interface MessagesAround {
  messages: Message[]
  hasOlder: boolean
  /** False when neither the cache nor the index knows the message: the newest messages instead. */
  found: boolean
}

export function createMessagesAround(options: {
  client: Pick<LinqClient, 'listChatMessages'>
  cache: WorkspaceCache
  /** Where the search index saw the message (its time), when the cache no longer has it. */
  sentAtOf(chatId: string, messageId: string): number | null
}) {
  const { client, cache } = options

  const fromLinq = async (chatId: string, sentAt: number, before: number) => {
    const older = await client.listChatMessages(chatId, {
      before: new Date(sentAt).toISOString(),
      sort: 'desc',
      perPage: Math.min(100, before),
    })
    const cachedIds = new Set(cache.messages(chatId).map((m) => m.id))
    const newer: Message[] = []
    const after = new Date(sentAt - OVERLAP_MS).toISOString()
    for (let page = 1; page <= MAX_NEWER_PAGES; page++) {
      const answer = await client.listChatMessages(chatId, { after, sort: 'asc', perPage: 100, page })
      newer.push(...answer.items)
      if (page >= answer.totalPages || answer.items.some((m) => cachedIds.has(m.id))) break
    }
    const byId = new Map<string, Message>()
    for (const m of [...older.items, ...newer, ...cache.messages(chatId)]) byId.set(m.id, m)
    return { messages: [...byId.values()].sort(compareMessages), hasOlder: older.totalPages > 1 }
  }

  return async (chatId: string, messageId: string, before = 50): Promise<MessagesAround> => {
    const cached = cache.messages(chatId)
    const at = cached.findIndex((m) => m.id === messageId)
    if (at >= 0) {
      const start = Math.max(0, at - before)
      return {
        messages: cached.slice(start),
        hasOlder: start > 0 || cache.meta(chatId).hasOlder,
        found: true,
      }
    }
    const sentAt = options.sentAtOf(chatId, messageId)
    if (sentAt === null) {
      const page = cache.page(chatId, 100)
      return {
        messages: page.messages,
        hasOlder: page.hasOlderCached || cache.meta(chatId).hasOlder,
        found: false,
      }
    }
    const around = await fromLinq(chatId, sentAt, before)
    return { ...around, found: around.messages.some((m) => m.id === messageId) }
  }
}
