// The chat list's order, the one rule both sides keep: newest activity first (a chat with none last), ties
// broken by id so the order never flickers. The renderer sorts its list by it, and main picks the first
// screenful by it: listChats with a `limit` sends those chats first, so the list paints without cloning
// the whole workspace's chats, and the renderer asks for the rest after that paint.
import type { Chat } from './domain'

/** Chats the first listChats asks for: more than any window shows before the user scrolls. */
export const FIRST_SCREEN_CHATS = 50

/** The number in s[from, to) of decimal digits; NaN when one is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let value = 0
  for (let i = from; i < to; i++) {
    const digit = s.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return NaN
    value = value * 10 + digit
  }
  return value
}

/**
 * The time of "YYYY-MM-DDTHH:MM:SS.sssZ" (how toISOString, and so the cache, writes times) read by hand;
 * NaN for anything else, which Date.parse then reads. Date.parse costs about half a microsecond a call,
 * half a millisecond for a thousand chats at every start. Days past the 28th and years before 100 (which
 * Date.UTC reads as 19xx) are left to Date.parse, so this never accepts what it would refuse.
 */
export function utcIsoTime(s: string): number {
  if (s.length !== 24 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':') return NaN
  if (s[16] !== ':' || s[19] !== '.' || s[23] !== 'Z') return NaN
  const year = digitsAt(s, 0, 4)
  const month = digitsAt(s, 5, 7)
  const day = digitsAt(s, 8, 10)
  const hour = digitsAt(s, 11, 13)
  const minute = digitsAt(s, 14, 16)
  const second = digitsAt(s, 17, 19)
  const ms = digitsAt(s, 20, 23)
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 28)) return NaN
  if (!(hour <= 23 && minute <= 59 && second <= 59 && ms >= 0)) return NaN
  return Date.UTC(year, month - 1, day, hour, minute, second, ms)
}

/** A chat's place in time for the list (-Infinity: no activity, or a time that does not parse). */
export function activityOf(chat: Pick<Chat, 'lastActivityAt'>): number {
  if (!chat.lastActivityAt) return -Infinity
  const fast = utcIsoTime(chat.lastActivityAt)
  if (!Number.isNaN(fast)) return fast
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
