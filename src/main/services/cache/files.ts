// How the cache lies on disk (layout version 2), and how its files are read back: each through
// persist/documents.ts (a file that is not JSON of a known version is moved aside whole), and each entry
// through its schema (entries that fail are set aside, the rest load).
//
//   head.json               the list's first screenful in list order, with its totals (head.ts), all a
//                           start reads besides the drafts
//   numbers.json            the workspace's phone numbers
//   drafts.json             the drafts, apart from the chat list so typing never rewrites it
//   index/<n>.json          the chat list in pages of CHATS_PER_PAGE chats, each with its chats' sync state
//   chats/<chat>/<n>.json   a chat's messages in pages of MESSAGES_PER_PAGE (see pages.ts)
//
// So an incoming message rewrites one page of its chat and one page of the list, whatever the chat's
// length or the number of chats. Version 1 (one index.json with everything, one file per chat) is read by
// legacy-v1.ts and rewritten in this layout.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Chat, Message, PhoneNumber } from '../../../shared/domain'
import { LIMITS } from '../../../shared/domain'
import type { Logger } from '../log'
import {
  lazyFile,
  openDocument,
  setAsideEntries,
  splitValid,
  type DocumentKind,
  type OnDamage,
} from '../persist/documents'
import { chatMetaSchema, chatSchema, messageSchema, phoneNumberSchema } from '../persist/schemas'
import type { StoreEngine, StoreFile } from './engine'
import { checkHead, type ListHead } from './head'

export const CACHE_SCHEMA_VERSION = 2
/** ~30 KB of typical messages (about 300 bytes each). */
export const MESSAGES_PER_PAGE = 100
/** ~15 KB of typical chats with their sync state. */
export const CHATS_PER_PAGE = 32

export interface ChatSyncMeta {
  /** message_count Linq reported when this chat was last synced; a change means there is news. */
  syncedCount: number | null
  /** Linq has messages older than the oldest cached one. */
  hasOlder: boolean
}

export interface IndexDoc {
  phoneNumbers: PhoneNumber[]
  chats: Chat[]
  /** A Map, not a record: chat ids look like numbers, and such keys make a record slow to build. */
  meta: Map<string, ChatSyncMeta>
  drafts: Record<string, string>
}

/** One page of a chat as stored: its messages, and where the chat had been trimmed when it was written. */
export interface ChatPage {
  page: number
  messages: Message[]
  trimmedThrough: { sentAt: string; id: string } | null
}
const placeSchema = z.object({ sentAt: z.string().max(64), id: z.string().min(1).max(256) }).nullable()

export interface CacheFilesOptions {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
}

export const draftSchema = z.string().max(LIMITS.maxTextLength * 2)
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
export const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]
export const asRecord = (value: unknown): Record<string, unknown> =>
  value === undefined ? {} : isRecord(value) ? value : { '': value }

/** Chat ids are Linq's (digits) but the file name must be safe whatever they are. */
export function chatFileName(chatId: string): string {
  return 'chats/' + chatId.replace(/[^a-zA-Z0-9_-]/g, (c) => '~' + c.charCodeAt(0).toString(16))
}
export const chatPageName = (chatId: string, page: number) => `${chatFileName(chatId)}/${page}`
export const indexPageName = (page: number) => `index/${page}`
export const HEAD_NAME = 'head'

/** The page numbers present in a folder (`<n>.json`; files set aside beside them do not count). */
function pageNumbers(folder: string): number[] {
  try {
    return readdirSync(folder)
      .map((name) => /^(\d{1,9})\.json$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b)
  } catch {
    return []
  }
}

// One keyed schema per value schema: zod compiles a schema on its first use, which a new one per page
// would pay again for every page read at start.
const keyedSchemas = new WeakMap<z.ZodType, z.ZodType>()
function keyedSchema<S extends z.ZodType>(schema: S): z.ZodType<[string, z.output<S>]> {
  let keyed = keyedSchemas.get(schema)
  if (!keyed) keyedSchemas.set(schema, (keyed = z.tuple([z.string().min(1).max(256), schema])))
  return keyed as z.ZodType<[string, z.output<S>]>
}

/** Validation helpers shared by this layout and the version 1 reader. */
export function createValidators(options: CacheFilesOptions) {
  /** Keeps the entries the schema accepts; the others go to a side file beside `file`. */
  const validItems = <S extends z.ZodType>(
    file: StoreFile,
    items: unknown[],
    schema: S,
    document: DocumentKind = 'cache',
  ): z.output<S>[] => {
    const { valid, invalid } = splitValid(items, schema)
    setAsideEntries({
      path: file.path,
      entries: invalid,
      document,
      logger: options.logger,
      onDamage: options.onDamage,
    })
    return valid
  }
  /**
   * The same for a keyed record (chat id → value), as entries: a key is dropped with its value. Entries,
   * not a record: chat ids look like numbers, and a record with such keys is slow to build and to walk.
   */
  const validEntries = <S extends z.ZodType>(
    file: StoreFile,
    record: Record<string, unknown>,
    schema: S,
    document: DocumentKind,
  ): [string, z.output<S>][] => validItems(file, Object.entries(record), keyedSchema(schema), document)
  return { validItems, validEntries }
}

export function createCacheFiles(options: CacheFilesOptions) {
  const { validItems, validEntries } = createValidators(options)
  const open = (name: string, document: DocumentKind) =>
    openDocument({
      engine: options.engine,
      cwd: options.dir,
      name,
      version: CACHE_SCHEMA_VERSION,
      document,
      logger: options.logger,
      onDamage: options.onDamage,
    })

  /** The page numbers a chat has on disk, in order. */
  const chatPageNumbers = (chatId: string) => pageNumbers(join(options.dir, chatFileName(chatId)))
  /** One page of a chat; `lost` when it or some of its messages could not be read. */
  const chatPage = (chatId: string, page: number): { page: ChatPage; lost: boolean } => {
    const { file, doc } = open(chatPageName(chatId, page), 'cache')
    const stored = asArray(doc?.messages)
    const messages = validItems(file, stored, messageSchema)
    const cut = placeSchema.safeParse(doc?.trimmedThrough ?? null)
    return {
      page: { page, messages, trimmedThrough: cut.success ? cut.data : null },
      lost: doc === null || messages.length < stored.length,
    }
  }

  const writable = new Map<string, StoreFile>()
  return {
    /** The file to write `name` to, kept open: the engine reads a file when it opens it. */
    file(name: string): StoreFile {
      let file = writable.get(name)
      if (!file) writable.set(name, (file = lazyFile(options.engine, options.dir, name)))
      return file
    },

    numbers(): PhoneNumber[] {
      const { file, doc } = open('numbers', 'cache')
      return validItems(file, asArray(doc?.phoneNumbers), phoneNumberSchema)
    },

    drafts(): Record<string, string> {
      // Most workspaces have never had a draft: asking first costs a tenth of the error a missing file throws.
      if (!existsSync(join(options.dir, 'drafts.json'))) return {}
      const { file, doc } = open('drafts', 'drafts')
      return Object.fromEntries(validEntries(file, asRecord(doc?.drafts), draftSchema, 'drafts'))
    },

    /** The list's head; null when there is none, or it was damaged and set aside. */
    head: (): ListHead | null => checkHead(open(HEAD_NAME, 'cache'), options),

    /** The chat list's pages in page order; a damaged page is moved aside and its chats listed again by sync. */
    indexPages(): { page: number; chats: Chat[]; meta: [string, ChatSyncMeta][] }[] {
      return pageNumbers(join(options.dir, 'index')).map((page) => {
        const { file, doc } = open(indexPageName(page), 'cache')
        return {
          page,
          chats: validItems(file, asArray(doc?.chats), chatSchema),
          meta: validEntries(file, asRecord(doc?.meta), chatMetaSchema, 'cache'),
        }
      })
    },

    /** A chat's pages; `lost` when a page or some messages could not be read. */
    chatPages(chatId: string): { pages: ChatPage[]; lost: boolean } {
      const read = chatPageNumbers(chatId).map((page) => chatPage(chatId, page))
      return { pages: read.map((r) => r.page), lost: read.some((r) => r.lost) }
    },
    chatPageNumbers,
    chatPage,
  }
}

export type CacheFiles = ReturnType<typeof createCacheFiles>
