// Which chats of a workspace the user muted, kept in the workspace's folder (mutes.json) so they survive a
// restart and go with the workspace's other local data. Read back through persist/documents.ts: an entry that
// is not a chat id is set aside and the rest load; a file that cannot be read at all is moved aside and the
// user starts unmuted. Either way the user hears of it (onDamage).
import { z } from 'zod'
import type { StoreEngine } from '../cache/engine'
import type { Logger } from '../log'
import {
  openDocument,
  setAsideEntries,
  splitValid,
  UNVERSIONED_IS_V1,
  type OnDamage,
} from '../persist/documents'

/** More mutes than chats anyone keeps; past it the oldest go. */
export const MAX_MUTES = 10_000
const MUTES_VERSION = 1
const chatIdSchema = z.string().min(1).max(64)

export interface Mutes {
  has(chatId: string): boolean
  set(chatId: string, muted: boolean): void
  list(): string[]
}

export function openMutes(options: {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
  max?: number
}): Mutes {
  const { logger } = options
  const max = options.max ?? MAX_MUTES
  const { file, doc } = openDocument({
    engine: options.engine,
    cwd: options.dir,
    name: 'mutes',
    version: MUTES_VERSION,
    migrations: UNVERSIONED_IS_V1,
    document: 'mutes',
    logger,
    onDamage: options.onDamage,
  })
  const stored = doc?.mutedChatIds
  const entries: unknown[] = Array.isArray(stored) ? stored : stored === undefined ? [] : [stored]
  const { valid, invalid } = splitValid(entries.slice(-max), chatIdSchema)
  setAsideEntries({
    path: file.path,
    entries: invalid,
    document: 'mutes',
    logger,
    onDamage: options.onDamage,
  })
  const muted = new Set<string>(valid)
  const save = () => {
    try {
      file.write({ schemaVersion: MUTES_VERSION, mutedChatIds: [...muted] })
    } catch (error) {
      logger.error('could not save mutes', { error: error instanceof Error ? error.message : String(error) })
    }
  }
  return {
    has: (chatId) => muted.has(chatId),
    set(chatId, value) {
      if (muted.has(chatId) === value) return
      if (value) muted.add(chatId)
      else muted.delete(chatId)
      if (muted.size > max) muted.delete(muted.values().next().value!)
      save()
    },
    list: () => [...muted],
  }
}
