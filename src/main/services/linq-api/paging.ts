// Many pages at once: a chat's pages one after another without repeats, and the newest pages of many chats
// through a worker pool (the first sync of a workspace).
import type { Message } from '../../../shared/domain'
import { forEachConcurrently } from '../async/pool'
import type {
  BackfillOptions,
  IterateMessagesOptions,
  ListChatMessagesQuery,
  CallOptions,
  Page,
} from './types'

type ListMessages = (
  chatId: string,
  query?: ListChatMessagesQuery,
  opts?: CallOptions,
) => Promise<Page<Message>>

export function pagingOperations(listChatMessages: ListMessages) {
  return {
    /**
     * Pages of a chat's messages. newest-first: for opening a thread (each page newest first). oldest-first:
     * for catching up from `after` (each page oldest first). A message seen on an earlier page (pages shift
     * when messages arrive meanwhile) is not repeated.
     */
    async *iterateChatMessages(
      chatId: string,
      query: IterateMessagesOptions,
    ): AsyncGenerator<Page<Message>, void, undefined> {
      const seen = new Set<string>()
      const sort = query.order === 'newest-first' ? 'desc' : 'asc'
      for (let page = 1; ; page++) {
        const result = await listChatMessages(
          chatId,
          { page, perPage: query.perPage ?? 100, after: query.after, before: query.before, sort },
          { signal: query.signal },
        )
        const fresh = result.items.filter((m) => !seen.has(m.id))
        for (const m of fresh) seen.add(m.id)
        yield fresh.length === result.items.length ? result : { ...result, items: fresh }
        if (page >= result.totalPages || result.items.length === 0) return
      }
    },

    /**
     * The newest pages of many chats with at most `concurrency` requests in flight. Each chat's messages come
     * back oldest first, without duplicates. The first failure (after the usual retries) stops the backfill.
     */
    async backfillChats(chatIds: string[], query: BackfillOptions = {}): Promise<Map<string, Message[]>> {
      const pagesPerChat = Math.max(1, query.pagesPerChat ?? 1)
      const perPage = query.perPage ?? 100
      // Page-major order: every chat's first page before any second page, so short chats skip page 2.
      const tasks = Array.from({ length: pagesPerChat }, (_, i) =>
        chatIds.map((chatId) => ({ chatId, page: i + 1 })),
      ).flat()
      const pages = new Map<string, Message[][]>(chatIds.map((id) => [id, []]))
      const totalPages = new Map<string, number>()
      await forEachConcurrently(tasks, query.concurrency ?? 6, async (task) => {
        if (task.page > (totalPages.get(task.chatId) ?? Infinity)) return
        const result = await listChatMessages(
          task.chatId,
          { page: task.page, perPage, sort: 'desc' },
          { signal: query.signal },
        )
        totalPages.set(task.chatId, result.totalPages)
        pages.get(task.chatId)![task.page - 1] = result.items
        query.onPage?.(task.chatId, result)
      })
      return new Map(chatIds.map((chatId) => [chatId, oldestFirst(pages.get(chatId) ?? [])]))
    },
  }
}

/** Newest-first pages → one list, oldest first, each message once. */
function oldestFirst(pages: Message[][]): Message[] {
  const seen = new Set<string>()
  const messages: Message[] = []
  for (const page of pages) {
    for (const m of page ?? []) {
      if (seen.has(m.id)) continue
      seen.add(m.id)
      messages.push(m)
    }
  }
  return messages.reverse()
}
