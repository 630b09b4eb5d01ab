// The chat list on disk: which page of index/ holds each chat (and its sync state), reading the pages back,
// and the content of a page to write. A chat keeps its page for life; a new chat joins the newest page while
// it has room. At start the list is read from the paged layout, or from version 1's index.json, which is
// then rewritten as pages (see legacy-v1.ts).
import type { Chat } from '../../../shared/domain'
import { CHATS_PER_PAGE, type CacheFiles, type ChatSyncMeta, type IndexDoc } from './files'
import type { createLegacyV1 } from './legacy-v1'
import { createPageBook } from './pages'

/** `drafts`: as read at start (drafts.json), kept as the list's own; version 1's are added to them. */
export function openIndexPages(
  files: CacheFiles,
  legacy: ReturnType<typeof createLegacyV1>,
  drafts: Record<string, string>,
) {
  const book = createPageBook(CHATS_PER_PAGE)
  const old = legacy.index()
  if (old) for (const [chatId, text] of Object.entries(old.drafts)) drafts[chatId] ??= text
  const index: IndexDoc = {
    ...(old ?? { phoneNumbers: files.numbers(), chats: [], meta: new Map() }),
    drafts,
  }
  if (old) {
    for (const id of [...old.chats.map((c) => c.id), ...old.meta.keys()]) book.append(id)
  } else {
    const seen = new Set<string>()
    for (const page of files.indexPages()) {
      for (const chat of page.chats) {
        if (seen.has(chat.id)) continue
        seen.add(chat.id)
        index.chats.push(chat)
        book.place(chat.id, page.page)
      }
      for (const [chatId, meta] of page.meta) {
        index.meta.set(chatId, meta)
        if (book.pageOf(chatId) !== page.page) book.place(chatId, page.page)
      }
    }
  }

  return {
    index,
    /** True when the list came from version 1 and every page must be written before index.json goes. */
    fromV1: old !== null,
    pages: () => book.pages(),
    /** The page of a chat the list (or its sync state) now names; a new chat is given one. */
    pageOf(chatId: string): number {
      return book.pageOf(chatId) ?? book.append(chatId)
    },
    /** Forgets a chat; returns its page (to write without it). */
    remove: (chatId: string) => book.remove(chatId),
    /** What page `page` holds now; null when it is empty and its file should go. */
    content(page: number): { chats: Chat[]; meta: Record<string, ChatSyncMeta> } | null {
      if (book.size(page) === 0) return null
      const meta = [...index.meta].filter(([chatId]) => book.pageOf(chatId) === page)
      return { chats: index.chats.filter((c) => book.pageOf(c.id) === page), meta: Object.fromEntries(meta) }
    },
  }
}

export type IndexPages = ReturnType<typeof openIndexPages>
