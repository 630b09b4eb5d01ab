// The chat list's order, the one rule both sides keep: newest activity first (a chat with none last), ties
// broken by id so the order never flickers. The renderer sorts its list by it, and main picks the first
// screenful by it: listChats with a `limit` sends those chats first, so the list paints without cloning
// the whole workspace's chats, and the renderer asks for the rest after that paint.
import type { Chat } from './domain'

/** Chats the first listChats asks for: more than any window shows before the user scrolls. */
export const FIRST_SCREEN_CHATS = 50

/** A chat's place in time for the list (-Infinity: no activity, or a time that does not parse). */
export function activityOf(chat: Pick<Chat, 'lastActivityAt'>): number {
  if (!chat.lastActivityAt) return -Infinity
  const t = Date.parse(chat.lastActivityAt)
  return Number.isNaN(t) ? -Infinity : t
}

/** Negative when the chat of (activityA, idA) comes first in the list. */
export function compareInList(activityA: number, idA: string, activityB: number, idB: string): number {
  return activityB - activityA || (idA < idB ? -1 : idA > idB ? 1 : 0)
}

/**
 * The first `limit` chats in list order. One pass that keeps the best `limit` in order (binary insertion),
 * so a big list costs a parse of each time and a few comparisons, not a sort of everything.
 */
export function firstInList(chats: readonly Chat[], limit: number): Chat[] {
  const kept: { chat: Chat; activity: number }[] = []
  if (limit <= 0) return []
  const before = (a: { chat: Chat; activity: number }, activity: number, id: string) =>
    compareInList(a.activity, a.chat.id, activity, id) < 0
  for (const chat of chats) {
    const activity = activityOf(chat)
    if (kept.length === limit && before(kept[limit - 1]!, activity, chat.id)) continue
    let low = 0
    let high = kept.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (before(kept[mid]!, activity, chat.id)) low = mid + 1
      else high = mid
    }
    kept.splice(low, 0, { chat, activity })
    if (kept.length > limit) kept.pop()
  }
  return kept.map((k) => k.chat)
}
