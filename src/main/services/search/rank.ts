// The order hits are shown in: newest first, as Messages.app and Signal do, with ties broken by chat and
// message id so every message has one place and a cursor (the last hit shown) pages without repeats.
import type { SearchDoc } from './documents'

export type Position = Pick<SearchDoc, 'sentAt' | 'chatId' | 'messageId'>

/** Negative when `a` comes first (is newer). */
export const newestFirst = (a: Position, b: Position) =>
  b.sentAt - a.sentAt || compareText(b.chatId, a.chatId) || compareText(b.messageId, a.messageId)
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Keeps the `count` first documents offered, in order, without sorting them all (a common word matches
 * thousands): once full, most candidates are turned away by one comparison of times.
 */
export function createTopK(count: number) {
  const best: SearchDoc[] = []
  return {
    offer(doc: SearchDoc) {
      if (count <= 0) return
      const last = best[best.length - 1]
      if (best.length === count && (doc.sentAt < last!.sentAt || newestFirst(doc, last!) >= 0)) return
      let lo = 0
      let hi = best.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (newestFirst(best[mid]!, doc) <= 0) lo = mid + 1
        else hi = mid
      }
      best.splice(lo, 0, doc)
      if (best.length > count) best.pop()
    },
    result: (): SearchDoc[] => best,
  }
}

/** A cursor names the last hit shown; the next page starts after it (positions, not offsets: stable). */
export const cursorOf = (d: Position) => JSON.stringify([d.sentAt, d.chatId, d.messageId])
export function parseCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null
  try {
    const [sentAt, chatId, messageId] = JSON.parse(cursor) as unknown[]
    if (typeof sentAt === 'number' && typeof chatId === 'string' && typeof messageId === 'string')
      return { sentAt, chatId, messageId }
  } catch {
    // Not one of ours: start from the newest.
  }
  return null
}
