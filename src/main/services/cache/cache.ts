// The workspace's offline cache: phone numbers, the chat list, drafts and each chat's messages, in small page
// files (files.ts has the layout) so an incoming message rewrites one page of its chat and one page of the
// list, whatever the chat's length or the number of chats. Reads come from memory; writes are batched
// (debounced) and atomic (the engine writes a temp file and renames it). A file that cannot be read is moved
// aside and treated as empty, and entries that fail their schema are set aside (persist/documents.ts), so
// sync fills the gaps again; drafts, which sync cannot bring back, are reported apart. The parts: files.ts
// (layout, reading back), legacy-v1.ts (the layout before pages), index-pages.ts and chat-pages.ts (which
// page holds what), write-behind.ts (batched writes), this file (the model). A chat's pages are read when
// it is first used, never at start, and so is the whole chat list: a start reads the list's head (head.ts,
// the first screenful in list order) and the drafts, and the pages of the list on the first call that needs
// every chat. Messages are written only through sync/writes.ts, the one write path.
import { firstInList } from '../../../shared/chat-order'
import { errorMessage } from '../../../shared/error-message'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Chat, Message, MessagePreview } from '../../../shared/domain'
import { LIMITS } from '../../../shared/domain'
import type { Logger } from '../log'
import type { OnDamage } from '../persist/documents'
import type { StoreEngine } from './engine'
import {
  CACHE_SCHEMA_VERSION,
  chatFileName,
  chatPageName,
  createCacheFiles,
  HEAD_NAME,
  indexPageName,
  MESSAGES_PER_PAGE,
  type CacheFiles,
} from './files'
import { indexOperations } from './chat-index'
import {
  entryFromPages,
  mergeMessages,
  pageContent,
  removeFromEntry,
  trimToBound,
  type ChatEntry,
} from './chat-pages'
import { headOf, sameHead, unreadOf, type ListHead } from './head'
import { openIndexPages, type IndexPages } from './index-pages'
import { createLegacyV1 } from './legacy-v1'
import { createWriteBehind } from './write-behind'

export { CACHE_SCHEMA_VERSION, type ChatSyncMeta } from './files'

export interface CacheOptions {
  /** The workspace's cache folder. */
  dir: string
  engine: StoreEngine
  logger: Logger
  maxMessagesPerChat?: number
  /** How long writes gather before they go to disk. */
  writeDelayMs?: number
  /** Describes a message's attachments for the chat list ("Photo", "File: a.pdf"). */
  attachmentSummary: (message: Message) => string | null
  /** Something saved could not be restored and was set aside. */
  onDamage?: OnDamage
  /**
   * The list's head said otherwise than the list, once read (a crash between their writes): the whole
   * list, and the head's chats it no longer has, for a window that may have shown the head.
   */
  onListHealed?: (chats: Chat[], removedIds: string[]) => void
}

/** Writes a document, or deletes its file when there is nothing left in it. */
function writeOrRemove(files: CacheFiles, dir: string, name: string, value: Record<string, unknown> | null) {
  if (value) files.file(name).write({ schemaVersion: CACHE_SCHEMA_VERSION, ...value })
  else rmSync(join(dir, name + '.json'), { force: true })
}

export function createWorkspaceCache(options: CacheOptions) {
  const { dir } = options
  const maxMessages = options.maxMessagesPerChat ?? LIMITS.cachedMessagesPerChat
  // No folder is made here: the engine makes a file's folder when it writes it, and a start only reads.
  const files = createCacheFiles(options)
  /** The head as on disk (null: none); what the first listChats is answered from until the list is read. */
  let head: ListHead | null = files.head()
  const drafts = files.drafts()
  // Version 1's files are looked for only with the whole list or a chat, never for the first screen.
  let legacyReader: ReturnType<typeof createLegacyV1> | null = null
  const legacy = () => (legacyReader ??= createLegacyV1(options))
  let loaded: IndexPages | null = null
  const chatEntries = new Map<string, ChatEntry>()

  /** The whole list, read on first use; a head that disagrees with it is rewritten. */
  const list = (): IndexPages => {
    if (loaded) return loaded
    loaded = openIndexPages(files, legacy(), drafts)
    if (loaded.fromV1) rewriteV1(loaded)
    healHead(loaded.index.chats)
    return loaded
  }
  const index = () => list().index

  /** Names the write-behind knows: numbers, drafts, head, index:<page>, chat:<page>:<chat id>. */
  const write = (name: string) => {
    if (name === 'numbers' || name === 'drafts') {
      const value = name === 'numbers' ? { phoneNumbers: index().phoneNumbers } : { drafts }
      return writeOrRemove(files, dir, name, value)
    }
    if (name === HEAD_NAME) return writeHead()
    const [kind, page, ...rest] = name.split(':')
    if (kind === 'index')
      return writeOrRemove(files, dir, indexPageName(Number(page)), list().content(Number(page)))
    const chatId = rest.join(':')
    const entry = chatEntries.get(chatId)
    if (!entry) return
    const messages = pageContent(entry, Number(page))
    const value = messages.length > 0 ? { messages, trimmedThrough: entry.trimmedThrough } : null
    writeOrRemove(files, dir, chatPageName(chatId, Number(page)), value)
  }
  const writer = createWriteBehind({ delayMs: options.writeDelayMs ?? 300, logger: options.logger, write })
  /** A change to the list: its page, then the head (marked last, so it is written after the pages). */
  const chatChanged = (chatId: string) => {
    writer.mark(`index:${list().pageOf(chatId)}`)
    writer.mark(HEAD_NAME)
  }
  const pagesChanged = (chatId: string, pages: Iterable<number>) => {
    for (const page of pages) writer.mark(`chat:${page}:${chatId}`)
  }

  /** Writes the head when the list's first screenful or totals changed; removes it with the last chat. */
  function writeHead() {
    const next = headOf(index().chats)
    if (head ? sameHead(head, next) : next.total === 0) return
    writeOrRemove(files, dir, HEAD_NAME, next.total > 0 ? { ...next } : null)
    head = next.total > 0 ? next : null
  }

  function healHead(chats: Chat[]) {
    const fresh = headOf(chats)
    if (head ? sameHead(head, fresh) : fresh.total === 0) return
    writer.mark(HEAD_NAME)
    if (!head) return
    options.logger.warn('cache: the list head disagreed with the list; rewritten', {
      head: head.total,
      list: fresh.total,
    })
    const ids = new Set(chats.map((c) => c.id))
    options.onListHealed?.(
      chats,
      head.chats.filter((c) => !ids.has(c.id)).map((c) => c.id),
    )
  }

  function rewriteV1(from: IndexPages) {
    // Every page first, then the old file: a crash in between leaves index.json to migrate again, over
    // whatever that first attempt left (removed first, as the engine reads a file before replacing it).
    const names = ['numbers', 'drafts', ...from.pages().map((page) => `index:${page}`)]
    try {
      for (const name of ['numbers.json', 'drafts.json', 'index'])
        rmSync(join(dir, name), { recursive: true, force: true })
      mkdirSync(join(dir, 'index'))
      names.forEach(write)
      legacy().removeIndex()
    } catch (error) {
      names.forEach((name) => writer.mark(name))
      options.logger.error('cache: could not rewrite the index in pages', { error: errorMessage(error) })
    }
  }

  // Without a head (a new cache, one from before heads, or a damaged head) the start reads the list now.
  if (!head) list()

  const chatData = (chatId: string): ChatEntry => {
    let entry = chatEntries.get(chatId)
    if (entry) return entry
    const { pages, lost } = files.chatPages(chatId)
    const old = pages.length === 0 ? legacy().chat(chatId) : null
    entry = entryFromPages(pages, maxMessages)
    chatEntries.set(chatId, entry)
    if (old) {
      // Version 1's one file per chat, rewritten as pages now, then removed (kept if a write fails).
      const names = [...mergeMessages(entry, old.messages).pages].map((page) => `chat:${page}:${chatId}`)
      trimToBound(entry, maxMessages)
      try {
        names.forEach(write)
        legacy().removeChat(chatId)
      } catch (error) {
        names.forEach((name) => writer.mark(name))
        options.logger.error('cache: could not rewrite a chat in pages', { error: errorMessage(error) })
      }
    }
    if (lost || old?.lost) refetch(chatId)
    return entry
  }

  /** Some of the chat's messages are gone, so it must be fetched again from its newest page. */
  const refetch = (chatId: string) => {
    const { meta } = index()
    if (!meta.has(chatId)) return
    meta.set(chatId, { syncedCount: null, hasOlder: true })
    chatChanged(chatId)
  }

  const preview = (message: Message): MessagePreview => ({
    text: message.text,
    isFromMe: message.isFromMe,
    sentAt: message.sentAt,
    attachmentSummary: options.attachmentSummary(message),
  })

  /** Chat fields Linq does not report (last message, activity, unread), summarized from the cached messages. */
  const summarizeChat = (chatId: string): Chat | null => {
    const { chats } = index()
    const position = chats.findIndex((c) => c.id === chatId)
    if (position < 0) return null
    const messages = chatData(chatId).messages
    const newest = messages.at(-1)
    const chat: Chat = {
      ...chats[position]!,
      lastMessage: newest ? preview(newest) : null,
      lastActivityAt: newest?.sentAt ?? null,
      unreadCount: messages.reduce((n, m) => n + (m.unread ? 1 : 0), 0),
    }
    chats[position] = chat
    chatChanged(chatId)
    return chat
  }

  return {
    ...indexOperations(index, () => drafts, {
      chat: chatChanged,
      numbers: () => writer.mark('numbers'),
      drafts: () => writer.mark('drafts'),
    }),

    /**
     * The first `limit` chats in list order, with the list's totals: from the head while the list is not
     * read and the head has them, so the first screen is answered without a page of the list.
     */
    firstChats(limit: number): ListHead {
      if (!loaded && head && head.chats.length >= Math.min(limit, head.total))
        return { ...head, chats: limit >= head.chats.length ? head.chats : head.chats.slice(0, limit) }
      const { chats } = index()
      const first = limit >= chats.length ? chats : firstInList(chats, limit)
      return { chats: first, total: chats.length, unreadTotal: unreadOf(chats) }
    },

    removeChats(chatIds: string[]): void {
      const gone = new Set(chatIds)
      const doc = index()
      doc.chats = doc.chats.filter((c) => !gone.has(c.id))
      for (const chatId of chatIds) {
        doc.meta.delete(chatId)
        const page = list().remove(chatId)
        if (page !== undefined) writer.mark(`index:${page}`)
        if (chatId in drafts) writer.mark('drafts')
        delete drafts[chatId]
        const entry = chatEntries.get(chatId)
        chatEntries.delete(chatId)
        for (const page of entry?.book.pages() ?? []) writer.forget(`chat:${page}:${chatId}`)
        rmSync(join(dir, chatFileName(chatId)), { recursive: true, force: true })
        legacy().removeChat(chatId)
      }
      writer.mark(HEAD_NAME)
    },

    /** All cached messages of a chat, oldest first. */
    messages: (chatId: string): readonly Message[] => chatData(chatId).messages,
    message: (chatId: string, messageId: string): Message | undefined => chatData(chatId).byId.get(messageId),

    /**
     * A chat's cached messages a page at a time, for long work that yields between pages (the search
     * index's rebuild). An open chat comes from memory; any other is read one page file per step and not
     * kept open, so a rebuild neither blocks on a 5,000-message chat nor holds every chat in memory. Read
     * that way, a message in two pages comes twice (the later page last, as it counts), and a page written
     * before the chat's latest trim may still hold messages the bound dropped. A damaged page is set aside
     * and the chat resynced, as when the chat is opened.
     */
    *messagePages(chatId: string): Generator<readonly Message[], void, void> {
      const open = chatEntries.get(chatId)
      if (open) {
        // A copy: the live list may be trimmed between steps, which would shift unread messages past us.
        const messages = [...open.messages]
        for (let at = 0; at < messages.length; at += MESSAGES_PER_PAGE)
          yield messages.slice(at, at + MESSAGES_PER_PAGE)
        return
      }
      const pages = files.chatPageNumbers(chatId)
      if (pages.length === 0) {
        yield chatData(chatId).messages.slice()
        return
      }
      for (const number of pages) {
        const { page, lost } = files.chatPage(chatId, number)
        if (lost) refetch(chatId)
        yield page.messages
      }
    },

    /** The newest `limit` messages, oldest first, or those just before `beforeId`. */
    page(chatId: string, limit: number, beforeId?: string): { messages: Message[]; hasOlderCached: boolean } {
      const messages = chatData(chatId).messages
      let end = messages.length
      if (beforeId !== undefined) {
        const at = messages.findIndex((m) => m.id === beforeId)
        end = at < 0 ? 0 : at
      }
      const start = Math.max(0, end - limit)
      return { messages: messages.slice(start, end), hasOlderCached: start > 0 }
    },

    /**
     * Adds or replaces messages; returns the ones that changed and the updated chat (or null when the chat
     * is unknown). The oldest are dropped past the per-chat bound, which marks the chat as having older ones.
     */
    upsertMessages(chatId: string, incoming: Message[]): { changed: Message[]; chat: Chat | null } {
      const entry = chatData(chatId)
      const { changed, pages } = mergeMessages(entry, incoming)
      const { chats, meta } = index()
      if (changed.length === 0) return { changed, chat: chats.find((c) => c.id === chatId) ?? null }
      const emptied = trimToBound(entry, maxMessages)
      if (emptied) {
        for (const page of emptied) pages.add(page)
        meta.set(chatId, { ...(meta.get(chatId) ?? { syncedCount: null }), hasOlder: true })
        chatChanged(chatId)
      }
      pagesChanged(chatId, pages)
      return { changed, chat: summarizeChat(chatId) }
    },

    removeMessages(chatId: string, messageIds: string[]): { removed: string[]; chat: Chat | null } {
      const { removed, pages } = removeFromEntry(chatData(chatId), messageIds)
      if (removed.length === 0) return { removed, chat: index().chats.find((c) => c.id === chatId) ?? null }
      pagesChanged(chatId, pages)
      return { removed, chat: summarizeChat(chatId) }
    },

    /** Writes everything pending now (before quitting, and in tests). */
    flush: (): void => writer.flush(),
    close: (): void => writer.close(),
  }
}

export type WorkspaceCache = ReturnType<typeof createWorkspaceCache>
