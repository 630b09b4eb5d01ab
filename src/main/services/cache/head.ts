// The chat list's head (head.json): its first screenful in list order (shared/chat-order.ts) with the
// list's total and unread total, so a start answers the window's first listChats from one small file
// instead of every page of the list (pages hold chats in the order they joined, not the list's). It is
// derived from the list: rewritten after the pages whenever its content changes, and when the full list is
// read and disagrees (a crash between writes), the list wins and the head is rewritten. A damaged head is
// set aside like any cache file, and the start reads the whole list instead.
import { isDeepStrictEqual } from 'node:util'
import { z } from 'zod'
import { FIRST_SCREEN_CHATS, firstInList } from '../../../shared/chat-order'
import type { Chat } from '../../../shared/domain'
import { moveAside, splitValid, type OnDamage, type OpenedDocument } from '../persist/documents'
import type { Logger } from '../log'
import { chatSchema } from '../persist/schemas'

/** The chats a head holds: the window's first screenful. */
export const HEAD_CHATS = FIRST_SCREEN_CHATS

export interface ListHead {
  /** The first HEAD_CHATS chats in list order (all of them when the list is shorter). */
  chats: Chat[]
  total: number
  unreadTotal: number
}

const count = z.number().int().nonnegative()
// One schema for the whole file: a head is either right or not used (the pages have everything it holds).
const headSchema = z.object({
  schemaVersion: z.number(),
  chats: z.array(chatSchema).max(HEAD_CHATS),
  total: count,
  unreadTotal: count,
})

export const unreadOf = (chats: readonly Chat[]) => chats.reduce((n, c) => n + c.unreadCount, 0)

/** The head of a list as it is now. */
export function headOf(chats: readonly Chat[]): ListHead {
  return { chats: firstInList(chats, HEAD_CHATS), total: chats.length, unreadTotal: unreadOf(chats) }
}

/** Whether two heads say the same (key order aside: a value zod copied may order its keys differently). */
export const sameHead = (a: ListHead, b: ListHead) =>
  a.total === b.total && a.unreadTotal === b.unreadTotal && isDeepStrictEqual(a.chats, b.chats)

/**
 * The head as read by openDocument, or null when there is none or it fails its schema or does not add up
 * (then it is moved aside and reported, and the caller reads the whole list).
 */
export function checkHead(
  opened: OpenedDocument,
  report: { logger: Logger; onDamage?: OnDamage },
): ListHead | null {
  const { file, doc } = opened
  if (!doc) return null
  const { valid } = splitValid([doc], headSchema)
  const head = valid[0]
  const fits = head && head.chats.length === Math.min(head.total, HEAD_CHATS)
  if (head && fits) return { chats: head.chats, total: head.total, unreadTotal: head.unreadTotal }
  const aside = moveAside(file.path, report.logger, {
    document: 'cache',
    file: 'head',
    reason: head ? 'does not add up' : 'fails its schema',
  })
  report.onDamage?.({ document: 'cache', entries: 0, whole: true, aside })
  return null
}
