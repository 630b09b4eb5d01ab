// A thread's history on demand: filling an empty chat before its first paint, and the pages before the
// oldest message the user has seen, from the cache first and then from Linq.
import type { Message } from '../../../shared/domain'
import { errorMessage } from '../../../shared/error-message'
import { compareMessages } from '../../../shared/message-order'
import type { WorkspaceCache } from '../cache/cache'
import type { LinqClient } from '../linq-api'
import type { Logger } from '../log'
import type { ChatPulls } from './chat-pull'
import type { MessageWrites } from './writes'

export interface History {
  /** Fills an empty chat before its first paint (best effort: offline gives an empty thread). */
  ensureChat(chatId: string): Promise<void>
  /** Messages before `beforeId`: from the cache, then from Linq when the cache has no older ones. */
  loadOlder(
    chatId: string,
    beforeId: string,
    limit: number,
  ): Promise<{ messages: Message[]; hasOlder: boolean }>
}

export function createHistory(options: {
  client: Pick<LinqClient, 'listChatMessages'>
  cache: WorkspaceCache
  writes: MessageWrites
  pulls: ChatPulls
  logger: Logger
}): History {
  const { client, cache } = options
  /** Pages fetched on demand that are older than what the cache keeps. */
  const beyondCache = new Map<string, Message[]>()

  /** The page before `anchor` from Linq; kept in the cache when the chat is under its bound. */
  const fetchOlder = async (chatId: string, anchor: Message, need: number, intoCache: boolean) => {
    const page = await client.listChatMessages(chatId, {
      before: anchor.sentAt,
      sort: 'desc',
      perPage: Math.min(100, need),
    })
    const older = [...page.items].filter((m) => m.id !== anchor.id).sort(compareMessages)
    beyondCache.set(chatId, [...older, ...(beyondCache.get(chatId) ?? [])])
    // Kept on disk while the chat is under its bound; past it the cache drops them again by itself.
    options.writes.older(chatId, older, intoCache)
    if (
      intoCache &&
      older.length > 0 &&
      page.totalPages <= 1 &&
      cache.messages(chatId)[0]?.id === older[0]!.id
    ) {
      cache.setMeta(chatId, { hasOlder: false })
    }
    return { older, hasOlder: page.totalPages > 1 }
  }

  return {
    async ensureChat(chatId) {
      if (cache.messages(chatId).length > 0 || cache.meta(chatId).syncedCount !== null) return
      try {
        await options.pulls.pullChat(chatId)
      } catch (error) {
        options.logger.info('could not fetch a chat before showing it', {
          chat: chatId,
          error: errorMessage(error),
        })
      }
    },

    async loadOlder(chatId, beforeId, limit) {
      const fromCache = cache.page(chatId, limit, beforeId)
      const knownHere = cache.message(chatId, beforeId) !== undefined
      if (knownHere && (fromCache.messages.length === limit || fromCache.hasOlderCached)) {
        return {
          messages: fromCache.messages,
          hasOlder: fromCache.hasOlderCached || cache.meta(chatId).hasOlder,
        }
      }
      if (knownHere && !cache.meta(chatId).hasOlder) return { messages: fromCache.messages, hasOlder: false }
      // Older than the cache keeps: ask Linq for the page before the oldest message known.
      const anchor =
        fromCache.messages[0] ??
        cache.message(chatId, beforeId) ??
        beyondCache.get(chatId)?.find((m) => m.id === beforeId)
      if (!anchor) return { messages: [], hasOlder: false }
      const { older, hasOlder } = await fetchOlder(
        chatId,
        anchor,
        limit - fromCache.messages.length,
        knownHere,
      )
      return { messages: [...older, ...fromCache.messages], hasOlder }
    },
  }
}
