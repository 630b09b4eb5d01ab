// Which chats of a workspace the user muted, kept in the workspace's folder (mutes.json) so they survive a
// restart and go with the workspace's other local data. Read back through persist/id-list.ts: an entry that
// is not a chat id is set aside and the rest load; a file that cannot be read at all is moved aside and the
// user starts unmuted. Either way the user hears of it (onDamage).
import { z } from 'zod'
import type { StoreEngine } from '../cache/engine'
import type { Logger } from '../log'
import type { OnDamage } from '../persist/documents'
import { openIdList } from '../persist/id-list'

/** More mutes than chats anyone keeps; past it the oldest go. */
export const MAX_MUTES = 10_000
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
  const muted = openIdList({
    ...options,
    name: 'mutes',
    key: 'mutedChatIds',
    document: 'mutes',
    schema: chatIdSchema,
    max: options.max ?? MAX_MUTES,
  })
  return {
    has: (chatId) => muted.has(chatId),
    set: (chatId, value) => void muted.set(chatId, value),
    list: () => muted.list(),
  }
}
