// Which chats of a workspace the user muted, kept in the workspace's folder (mutes.json) so they survive a
// restart and go with the workspace's other local data. Read back through a schema: an entry that is not a
// chat id is dropped (and logged), the rest load; a file that cannot be read at all is set aside (renamed,
// kept for a look) and the user starts unmuted.
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { StoreEngine, StoreFile } from '../cache/engine'
import type { Logger } from '../log'

/** More mutes than chats anyone keeps; past it the oldest go. */
export const MAX_MUTES = 10_000
const chatIdSchema = z.string().min(1).max(64)
const NAME = 'mutes'

export interface Mutes {
  has(chatId: string): boolean
  set(chatId: string, muted: boolean): void
  list(): string[]
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

function open(options: { dir: string; engine: StoreEngine; logger: Logger }): {
  file: StoreFile
  stored: unknown
} {
  try {
    const file = options.engine({ cwd: options.dir, name: NAME })
    return { file, stored: file.read().mutedChatIds }
  } catch (error) {
    const aside = join(options.dir, `${NAME}.damaged-${Date.now()}.json`)
    options.logger.warn('mutes unreadable; set aside, all chats unmuted', { error: message(error) })
    try {
      renameSync(join(options.dir, `${NAME}.json`), aside)
    } catch {
      // Nothing there to set aside (the folder itself is the problem): the write below will say so.
    }
    return { file: options.engine({ cwd: options.dir, name: NAME }), stored: undefined }
  }
}

export function openMutes(options: {
  dir: string
  engine: StoreEngine
  logger: Logger
  max?: number
}): Mutes {
  const { logger } = options
  const max = options.max ?? MAX_MUTES
  const { file, stored } = open(options)
  const muted = new Set<string>()
  const entries: unknown[] = Array.isArray(stored) ? stored : []
  for (const entry of entries.slice(-max))
    if (chatIdSchema.safeParse(entry).success) muted.add(entry as string)
  if (muted.size !== entries.length)
    logger.warn('mutes: entries that are not chat ids were dropped', { dropped: entries.length - muted.size })
  const save = () => {
    try {
      file.write({ schemaVersion: 1, mutedChatIds: [...muted] })
    } catch (error) {
      logger.error('could not save mutes', { error: message(error) })
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
