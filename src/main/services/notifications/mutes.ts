// Which chats of a workspace the user muted, kept in the workspace's folder (mutes.json) so they survive a
// restart and go with the workspace's other local data. Read back through a schema: an entry that is not a
// chat id is dropped (and logged), the rest load; an unreadable file is logged, the user starts unmuted and
// the next change writes a good one.
import { z } from 'zod'
import type { StoreEngine } from '../cache/engine'
import type { Logger } from '../log'

/** More mutes than chats anyone keeps; past it the oldest go. */
export const MAX_MUTES = 10_000
const chatIdSchema = z.string().min(1).max(64)

export interface Mutes {
  has(chatId: string): boolean
  set(chatId: string, muted: boolean): void
  list(): string[]
}

export function openMutes(options: { dir: string; engine: StoreEngine; logger: Logger }): Mutes {
  const { logger } = options
  const file = options.engine({ cwd: options.dir, name: 'mutes' })
  const muted = new Set<string>()
  try {
    const stored = file.read().mutedChatIds
    const entries = Array.isArray(stored) ? stored : []
    for (const entry of entries.slice(-MAX_MUTES))
      if (chatIdSchema.safeParse(entry).success) muted.add(entry as string)
    if (stored !== undefined && muted.size !== entries.length)
      logger.warn('mutes: entries that are not chat ids were dropped', {
        dropped: entries.length - muted.size,
      })
  } catch (error) {
    logger.warn('mutes unreadable; all chats unmuted', {
      error: error instanceof Error ? error.message : String(error),
    })
  }
  const save = () => {
    try {
      file.write({ schemaVersion: 1, mutedChatIds: [...muted] })
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
      if (muted.size > MAX_MUTES) muted.delete(muted.values().next().value!)
      save()
    },
    list: () => [...muted],
  }
}
