// The workspace's offline cache: phone numbers, chats and drafts in one index file, and each chat's messages
// in a file of its own, so a new message in a 10,000-message chat rewrites that chat only. Reads come from
// memory; writes are batched (debounced) and atomic (the engine writes a temp file and renames it). A file
// that cannot be read is moved aside and treated as empty, and entries that fail their schema are set
// aside (persist/documents.ts), so sync fills the gaps again; drafts, which sync cannot bring back, are
// reported apart.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Chat, Message, MessagePreview, PhoneNumber } from '../../../shared/domain'
import { LIMITS } from '../../../shared/domain'
import { compareMessages } from '../../../shared/message-order'
import { delayTimer } from '../async/delay'
import type { Logger } from '../log'
import {
  openDocument,
  setAsideEntries,
  splitValid,
  UNVERSIONED_IS_V1,
  type DocumentKind,
  type OnDamage,
} from '../persist/documents'
import { chatMetaSchema, chatSchema, messageSchema, phoneNumberSchema } from '../persist/schemas'
import type { StoreEngine, StoreFile } from './engine'
import { errorMessage } from '../../../shared/error-message'

export const CACHE_SCHEMA_VERSION = 1

/**
 * Upgrades a document written by an older version, one step per version. Version 0 is the unversioned
 * layout of early builds, which had the same fields.
 */
const MIGRATIONS = UNVERSIONED_IS_V1

export interface ChatSyncMeta {
  /** message_count Linq reported when this chat was last synced; a change means there is news. */
  syncedCount: number | null
  /** Linq has messages older than the oldest cached one. */
  hasOlder: boolean
}

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

interface IndexDoc {
  phoneNumbers: PhoneNumber[]
  chats: Chat[]
  meta: Record<string, ChatSyncMeta>
  drafts: Record<string, string>
}

interface ChatDoc {
  messages: Message[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const draftSchema = z.string().max(LIMITS.maxTextLength * 2)
const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]
const asRecord = (value: unknown): Record<string, unknown> =>
  value === undefined ? {} : isRecord(value) ? value : { '': value }

/** Chat ids are Linq's (digits) but the file name must be safe whatever they are. */
function chatFileName(chatId: string): string {
  return 'chats/' + chatId.replace(/[^a-zA-Z0-9_-]/g, (c) => '~' + c.charCodeAt(0).toString(16))
}

export function createWorkspaceCache(options: CacheOptions) {
  const { dir, engine, logger } = options
  const maxMessages = options.maxMessagesPerChat ?? LIMITS.cachedMessagesPerChat
  const writeDelayMs = options.writeDelayMs ?? 300
  mkdirSync(join(dir, 'chats'), { recursive: true })

  /** Opens a file and returns its document at the current schema version, or null when it must start over. */
  const openDoc = (name: string) =>
    openDocument({
      engine,
      cwd: dir,
      name,
      version: CACHE_SCHEMA_VERSION,
      migrations: MIGRATIONS,
      document: name === 'index' ? 'cache-index' : 'cache',
      logger,
      onDamage: options.onDamage,
    })

  /** Keeps the entries the schema accepts; the others go to a side file beside `file`. */
  const validItems = <S extends z.ZodType>(
    file: StoreFile,
    items: unknown[],
    schema: S,
    document: DocumentKind = 'cache',
  ): z.output<S>[] => {
    const { valid, invalid } = splitValid(items, schema)
    setAsideEntries({ path: file.path, entries: invalid, document, logger, onDamage: options.onDamage })
    return valid
  }
  /** The same for a keyed record (chat id → value); a key is dropped with its value. */
  const validRecord = <S extends z.ZodType>(
    file: StoreFile,
    record: Record<string, unknown>,
    schema: S,
    document: DocumentKind,
  ): Record<string, z.output<S>> => {
    const entries = Object.entries(record)
    const keyed = z.tuple([z.string().min(1).max(256), schema])
    return Object.fromEntries(validItems(file, entries, keyed, document))
  }

  const indexFile = openDoc('index')
  const index: IndexDoc = readIndex(indexFile.doc)
  const chatFiles = new Map<string, { file: StoreFile; doc: ChatDoc; byId: Map<string, Message> }>()
  const dirty = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  let closed = false

  function readIndex(doc: Record<string, unknown> | null): IndexDoc {
    const file = indexFile.file
    if (!doc) return { phoneNumbers: [], chats: [], meta: {}, drafts: {} }
    return {
      phoneNumbers: validItems(file, asArray(doc.phoneNumbers), phoneNumberSchema),
      chats: validItems(file, asArray(doc.chats), chatSchema),
      meta: validRecord(file, asRecord(doc.meta), chatMetaSchema, 'cache'),
      drafts: validRecord(file, asRecord(doc.drafts), draftSchema, 'drafts'),
    }
  }

  const chatData = (chatId: string) => {
    let entry = chatFiles.get(chatId)
    if (!entry) {
      const { file, doc } = openDoc(chatFileName(chatId))
      const stored = asArray(doc?.messages)
      // One copy per id (the last), oldest first, whatever order the file had.
      const byIdInFile = new Map(validItems(file, stored, messageSchema).map((m) => [m.id, m]))
      const messages = [...byIdInFile.values()].sort(compareMessages)
      if ((doc === null || messages.length < stored.length) && index.meta[chatId]) {
        // The messages are gone, so the chat must be fetched again from its newest page.
        index.meta[chatId] = { syncedCount: null, hasOlder: true }
        markDirty('index')
      }
      entry = { file, doc: { messages }, byId: new Map(messages.map((m) => [m.id, m])) }
      chatFiles.set(chatId, entry)
    }
    return entry
  }

  const markDirty = (name: string) => {
    if (closed) return
    dirty.add(name)
    timer ??= delayTimer(flushNow, writeDelayMs)
  }

  function flushNow(): void {
    if (timer) clearTimeout(timer)
    timer = null
    for (const name of [...dirty]) {
      dirty.delete(name)
      try {
        if (name === 'index') {
          indexFile.file.write({ schemaVersion: CACHE_SCHEMA_VERSION, ...index })
        } else {
          const entry = chatFiles.get(name.slice('chat:'.length))
          if (entry) entry.file.write({ schemaVersion: CACHE_SCHEMA_VERSION, messages: entry.doc.messages })
        }
      } catch (error) {
        // A full disk or a vanished folder: keep the data in memory and try again with the next write.
        dirty.add(name)
        logger.error('cache write failed', {
          file: name,
          error: errorMessage(error),
        })
        return
      }
    }
  }

  const preview = (message: Message): MessagePreview => ({
    text: message.text,
    isFromMe: message.isFromMe,
    sentAt: message.sentAt,
    attachmentSummary: options.attachmentSummary(message),
  })

  /** Chat fields Linq does not report (last message, activity, unread) follow from the cached messages. */
  const refreshChat = (chatId: string): Chat | null => {
    const position = index.chats.findIndex((c) => c.id === chatId)
    if (position < 0) return null
    const messages = chatData(chatId).doc.messages
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

  const sameMessage = (a: Message, b: Message) => JSON.stringify(a) === JSON.stringify(b)

  return {
    phoneNumbers: (): PhoneNumber[] => index.phoneNumbers,
    setPhoneNumbers(numbers: PhoneNumber[]): void {
      index.phoneNumbers = numbers
      markDirty('index')
    },

    chats: (): Chat[] => index.chats,
    unreadTotal: (): number => index.chats.reduce((n, c) => n + c.unreadCount, 0),
    chat: (chatId: string): Chat | undefined => index.chats.find((c) => c.id === chatId),

    /** Adds or updates chats as Linq lists them, keeping what only the cache knows. Returns the changed ones. */
    putChats(chats: Chat[]): Chat[] {
      const changed: Chat[] = []
      for (const incoming of chats) {
        const position = index.chats.findIndex((c) => c.id === incoming.id)
        const known = position >= 0 ? index.chats[position]! : undefined
        const merged: Chat = known
          ? {
              ...incoming,
              lastMessage: known.lastMessage,
              lastActivityAt: known.lastActivityAt,
              unreadCount: known.unreadCount,
            }
          : incoming
        if (known && JSON.stringify(known) === JSON.stringify(merged)) continue
        if (position >= 0) index.chats[position] = merged
        else index.chats.push(merged)
        changed.push(merged)
      }
      if (changed.length > 0) markDirty('index')
      return changed
    },

    removeChats(chatIds: string[]): void {
      const gone = new Set(chatIds)
      index.chats = index.chats.filter((c) => !gone.has(c.id))
      for (const chatId of chatIds) {
        delete index.meta[chatId]
        delete index.drafts[chatId]
        chatFiles.delete(chatId)
        dirty.delete('chat:' + chatId)
        rmSync(join(dir, chatFileName(chatId) + '.json'), { force: true })
      }
      markDirty('index')
    },

    meta: (chatId: string): ChatSyncMeta => index.meta[chatId] ?? { syncedCount: null, hasOlder: true },
    setMeta(chatId: string, meta: Partial<ChatSyncMeta>): void {
      index.meta[chatId] = { ...(index.meta[chatId] ?? { syncedCount: null, hasOlder: true }), ...meta }
      markDirty('index')
    },

    /** All cached messages of a chat, oldest first. */
    messages: (chatId: string): readonly Message[] => chatData(chatId).doc.messages,
    message: (chatId: string, messageId: string): Message | undefined => chatData(chatId).byId.get(messageId),

    /** The newest `limit` messages, oldest first, or those just before `beforeId`. */
    page(chatId: string, limit: number, beforeId?: string): { messages: Message[]; hasOlderCached: boolean } {
      const messages = chatData(chatId).doc.messages
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
      const changed: Message[] = []
      let needsSort = false
      for (const message of incoming) {
        const known = entry.byId.get(message.id)
        if (known && sameMessage(known, message)) continue
        changed.push(message)
        if (known) {
          const at = entry.doc.messages.indexOf(known)
          entry.doc.messages[at] = message
          if (known.sentAt !== message.sentAt) needsSort = true
        } else {
          const last = entry.doc.messages.at(-1)
          if (last && compareMessages(last, message) > 0) needsSort = true
          entry.doc.messages.push(message)
        }
        entry.byId.set(message.id, message)
      }
      if (changed.length === 0) return { changed, chat: index.chats.find((c) => c.id === chatId) ?? null }
      if (needsSort) entry.doc.messages.sort(compareMessages)
      if (entry.doc.messages.length > maxMessages) {
        for (const dropped of entry.doc.messages.splice(0, entry.doc.messages.length - maxMessages)) {
          entry.byId.delete(dropped.id)
        }
        index.meta[chatId] = { ...(index.meta[chatId] ?? { syncedCount: null }), hasOlder: true }
      }
      markDirty('chat:' + chatId)
      return { changed, chat: refreshChat(chatId) }
    },

    removeMessages(chatId: string, messageIds: string[]): { removed: string[]; chat: Chat | null } {
      const entry = chatData(chatId)
      const removed = messageIds.filter((id) => entry.byId.delete(id))
      if (removed.length === 0) return { removed, chat: index.chats.find((c) => c.id === chatId) ?? null }
      const gone = new Set(removed)
      entry.doc.messages = entry.doc.messages.filter((m) => !gone.has(m.id))
      markDirty('chat:' + chatId)
      return { removed, chat: refreshChat(chatId) }
    },

    /** Chats whose messages are in memory (opened or synced this run). */
    loadedChatIds: (): string[] => [...chatFiles.keys()],

    drafts: (): Record<string, string> => index.drafts,
    setDraft(chatId: string, text: string): void {
      if ((index.drafts[chatId] ?? '') === text) return
      if (text === '') delete index.drafts[chatId]
      else index.drafts[chatId] = text
      markDirty('index')
    },

    /** Writes everything pending now (before quitting, and in tests). */
    flush: (): void => flushNow(),
    close(): void {
      flushNow()
      closed = true
    },
  }
}

export type WorkspaceCache = ReturnType<typeof createWorkspaceCache>
