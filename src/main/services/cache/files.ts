// Reading the cache's files back: each through persist/documents.ts (a file that is not JSON of a known
// version is moved aside whole), and each entry through its schema (entries that fail are set aside, the
// rest load). The index file holds numbers, chats, sync state and drafts; each chat has a file of its own.
import { z } from 'zod'
import type { Chat, Message, PhoneNumber } from '../../../shared/domain'
import { LIMITS } from '../../../shared/domain'
import { compareMessages } from '../../../shared/message-order'
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

export interface IndexDoc {
  phoneNumbers: PhoneNumber[]
  chats: Chat[]
  meta: Record<string, ChatSyncMeta>
  drafts: Record<string, string>
}

const draftSchema = z.string().max(LIMITS.maxTextLength * 2)
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const asArray = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]
const asRecord = (value: unknown): Record<string, unknown> =>
  value === undefined ? {} : isRecord(value) ? value : { '': value }

/** Chat ids are Linq's (digits) but the file name must be safe whatever they are. */
export function chatFileName(chatId: string): string {
  return 'chats/' + chatId.replace(/[^a-zA-Z0-9_-]/g, (c) => '~' + c.charCodeAt(0).toString(16))
}

export function createCacheFiles(options: {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
}) {
  const { logger } = options

  /** Opens a file and returns its document at the current schema version, or null when it must start over. */
  const openDoc = (name: string) =>
    openDocument({
      engine: options.engine,
      cwd: options.dir,
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
    const keyed = z.tuple([z.string().min(1).max(256), schema])
    return Object.fromEntries(validItems(file, Object.entries(record), keyed, document))
  }

  return {
    openIndex(): { file: StoreFile; index: IndexDoc } {
      const { file, doc } = openDoc('index')
      if (!doc) return { file, index: { phoneNumbers: [], chats: [], meta: {}, drafts: {} } }
      const index = {
        phoneNumbers: validItems(file, asArray(doc.phoneNumbers), phoneNumberSchema),
        chats: validItems(file, asArray(doc.chats), chatSchema),
        meta: validRecord(file, asRecord(doc.meta), chatMetaSchema, 'cache'),
        drafts: validRecord(file, asRecord(doc.drafts), draftSchema, 'drafts'),
      }
      return { file, index }
    },

    /** A chat's messages, one copy per id (the last), oldest first; `lost` when some could not be read. */
    openChat(chatId: string): { file: StoreFile; messages: Message[]; lost: boolean } {
      const { file, doc } = openDoc(chatFileName(chatId))
      const stored = asArray(doc?.messages)
      const byId = new Map(validItems(file, stored, messageSchema).map((m) => [m.id, m]))
      const messages = [...byId.values()].sort(compareMessages)
      return { file, messages, lost: doc === null || messages.length < stored.length }
    },
  }
}
