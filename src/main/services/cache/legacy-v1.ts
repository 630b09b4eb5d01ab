// Reading the cache as version 1 (and the unversioned layout before it) wrote it: one index.json with the
// numbers, chats, sync state and drafts, and one chats/<chat>.json per chat. The cache rewrites what it
// reads here in the paged layout (files.ts) and then removes the old file, so an existing user's cache,
// drafts included, survives the upgrade. A crash half-way leaves the old file, and the next start simply
// migrates again. The outbox has files of its own and is not touched.
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Message } from '../../../shared/domain'
import { openDocument, UNVERSIONED_IS_V1 } from '../persist/documents'
import { chatMetaSchema, chatSchema, messageSchema, phoneNumberSchema } from '../persist/schemas'
import {
  asArray,
  asRecord,
  chatFileName,
  createValidators,
  draftSchema,
  type CacheFilesOptions,
  type IndexDoc,
} from './files'

const V1 = 1

export function createLegacyV1(options: CacheFilesOptions) {
  const { validItems, validEntries } = createValidators(options)
  const open = (name: string, document: 'cache' | 'cache-index') =>
    openDocument({
      engine: options.engine,
      cwd: options.dir,
      name,
      version: V1,
      migrations: UNVERSIONED_IS_V1,
      document,
      logger: options.logger,
      onDamage: options.onDamage,
    })
  const pathOf = (name: string) => join(options.dir, name + '.json')
  const remove = (name: string) => rmSync(pathOf(name), { force: true })

  return {
    /** The version 1 index, or null when there is none (or it was damaged and moved aside). */
    index(): IndexDoc | null {
      if (!existsSync(pathOf('index'))) return null
      const { file, doc } = open('index', 'cache-index')
      if (!doc) return null
      return {
        phoneNumbers: validItems(file, asArray(doc.phoneNumbers), phoneNumberSchema),
        chats: validItems(file, asArray(doc.chats), chatSchema),
        meta: new Map(validEntries(file, asRecord(doc.meta), chatMetaSchema, 'cache')),
        drafts: Object.fromEntries(validEntries(file, asRecord(doc.drafts), draftSchema, 'drafts')),
      }
    },
    removeIndex: () => remove('index'),

    /** A version 1 chat file's messages, or null when there is none; `lost` as in files.ts. */
    chat(chatId: string): { messages: Message[]; lost: boolean } | null {
      const name = chatFileName(chatId)
      if (!existsSync(pathOf(name))) return null
      const { file, doc } = open(name, 'cache')
      const stored = asArray(doc?.messages)
      const messages = validItems(file, stored, messageSchema)
      return { messages, lost: doc === null || messages.length < stored.length }
    },
    removeChat: (chatId: string) => remove(chatFileName(chatId)),
  }
}
