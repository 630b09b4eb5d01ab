// The workspace's offline cache: phone numbers, chats and drafts in one index file, and each chat's messages
// in a file of its own, so a new message in a 10,000-message chat rewrites that chat only. Reads come from
// memory; writes are batched (debounced) and atomic (the engine writes a temp file and renames it). A file
// that cannot be read is moved aside and treated as empty, and entries that fail their schema are set
// aside (persist/documents.ts), so sync fills the gaps again; drafts, which sync cannot bring back, are
// reported apart. The parts: files.ts (the files' layout and how they are read back), write-behind.ts
// (batched writes), this file (the model in memory). How a chat is laid out on disk (one file today, pages
// later) is files.ts's business and the write-behind's names; callers only see this interface. Messages
// are written only through sync/writes.ts, the one write path.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Chat, Message, MessagePreview } from '../../../shared/domain'
import { LIMITS } from '../../../shared/domain'
import { compareMessages } from '../../../shared/message-order'
import type { Logger } from '../log'
import type { OnDamage } from '../persist/documents'
import type { StoreEngine, StoreFile } from './engine'
import { CACHE_SCHEMA_VERSION, chatFileName, createCacheFiles } from './files'
import { indexOperations } from './chat-index'
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
}

interface ChatEntry {
  file: StoreFile
  messages: Message[]
  byId: Map<string, Message>
}

const sameMessage = (a: Message, b: Message) => JSON.stringify(a) === JSON.stringify(b)

/** Adds or replaces messages in a chat's list (kept oldest first); returns the ones that changed. */
function merge(entry: ChatEntry, incoming: Message[]): Message[] {
  const changed: Message[] = []
  let needsSort = false
  for (const message of incoming) {
    const known = entry.byId.get(message.id)
    if (known && sameMessage(known, message)) continue
    changed.push(message)
    if (known) {
      entry.messages[entry.messages.indexOf(known)] = message
      if (known.sentAt !== message.sentAt) needsSort = true
    } else {
      const last = entry.messages.at(-1)
      if (last && compareMessages(last, message) > 0) needsSort = true
      entry.messages.push(message)
    }
    entry.byId.set(message.id, message)
  }
  if (needsSort) entry.messages.sort(compareMessages)
  return changed
}

export function createWorkspaceCache(options: CacheOptions) {
  const { dir } = options
  const maxMessages = options.maxMessagesPerChat ?? LIMITS.cachedMessagesPerChat
  mkdirSync(join(dir, 'chats'), { recursive: true })
  const files = createCacheFiles(options)
  const { file: indexFile, index } = files.openIndex()
  const chatFiles = new Map<string, ChatEntry>()
  const writer = createWriteBehind({
    delayMs: options.writeDelayMs ?? 300,
    logger: options.logger,
    write(name) {
      if (name === 'index') return indexFile.write({ schemaVersion: CACHE_SCHEMA_VERSION, ...index })
      const entry = chatFiles.get(name.slice('chat:'.length))
      entry?.file.write({ schemaVersion: CACHE_SCHEMA_VERSION, messages: entry.messages })
    },
  })
  const markDirty = (name: string) => writer.mark(name)

  const chatData = (chatId: string): ChatEntry => {
    let entry = chatFiles.get(chatId)
    if (!entry) {
      const { file, messages, lost } = files.openChat(chatId)
      if (lost && index.meta[chatId]) {
        // The messages are gone, so the chat must be fetched again from its newest page.
        index.meta[chatId] = { syncedCount: null, hasOlder: true }
        markDirty('index')
      }
      entry = { file, messages, byId: new Map(messages.map((m) => [m.id, m])) }
      chatFiles.set(chatId, entry)
    }
    return entry
  }

  const preview = (message: Message): MessagePreview => ({
    text: message.text,
    isFromMe: message.isFromMe,
    sentAt: message.sentAt,
    attachmentSummary: options.attachmentSummary(message),
  })

  /** Chat fields Linq does not report (last message, activity, unread), summarized from the cached messages. */
  const summarizeChat = (chatId: string): Chat | null => {
    const position = index.chats.findIndex((c) => c.id === chatId)
    if (position < 0) return null
    const messages = chatData(chatId).messages
    const newest = messages.at(-1)
    const chat: Chat = {
      ...index.chats[position]!,
      lastMessage: newest ? preview(newest) : null,
      lastActivityAt: newest?.sentAt ?? null,
      unreadCount: messages.reduce((n, m) => n + (m.unread ? 1 : 0), 0),
    }
    index.chats[position] = chat
    markDirty('index')
    return chat
  }

  return {
    ...indexOperations(index, () => markDirty('index')),

    removeChats(chatIds: string[]): void {
      const gone = new Set(chatIds)
      index.chats = index.chats.filter((c) => !gone.has(c.id))
      for (const chatId of chatIds) {
        delete index.meta[chatId]
        delete index.drafts[chatId]
        chatFiles.delete(chatId)
        writer.forget('chat:' + chatId)
        rmSync(join(dir, chatFileName(chatId) + '.json'), { force: true })
      }
      markDirty('index')
    },

    /** All cached messages of a chat, oldest first. */
    messages: (chatId: string): readonly Message[] => chatData(chatId).messages,
    message: (chatId: string, messageId: string): Message | undefined => chatData(chatId).byId.get(messageId),

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
      const changed = merge(entry, incoming)
      if (changed.length === 0) return { changed, chat: index.chats.find((c) => c.id === chatId) ?? null }
      if (entry.messages.length > maxMessages) {
        for (const dropped of entry.messages.splice(0, entry.messages.length - maxMessages)) {
          entry.byId.delete(dropped.id)
        }
        index.meta[chatId] = { ...(index.meta[chatId] ?? { syncedCount: null }), hasOlder: true }
      }
      markDirty('chat:' + chatId)
      return { changed, chat: summarizeChat(chatId) }
    },

    removeMessages(chatId: string, messageIds: string[]): { removed: string[]; chat: Chat | null } {
      const entry = chatData(chatId)
      const removed = messageIds.filter((id) => entry.byId.delete(id))
      if (removed.length === 0) return { removed, chat: index.chats.find((c) => c.id === chatId) ?? null }
      const gone = new Set(removed)
      entry.messages = entry.messages.filter((m) => !gone.has(m.id))
      markDirty('chat:' + chatId)
      return { removed, chat: summarizeChat(chatId) }
    },

    /** Writes everything pending now (before quitting, and in tests). */
    flush: (): void => writer.flush(),
    close: (): void => writer.close(),
  }
}

export type WorkspaceCache = ReturnType<typeof createWorkspaceCache>
