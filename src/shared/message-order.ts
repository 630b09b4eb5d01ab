// The one order of a thread, the same in the cache, the renderer and the sandbox: oldest first by send time,
// and equal times (Linq's timestamps are milliseconds; imports and bursts share them) by Linq's message id,
// ascending. Linq's ids are integers, so they compare by value ("99" before "100"), not as text. Ids that are
// not Linq's (the outbox's local ids, for messages Linq has not accepted yet) come after them.

const LINQ_ID = /^\d+$/

/** Epoch ms of an ISO time; an unreadable one counts as the oldest rather than breaking the sort. */
export function messageTime(sentAt: string): number {
  const time = Date.parse(sentAt)
  return Number.isNaN(time) ? 0 : time
}

/** Linq's integer ids by value, before any other id; other ids as text. */
export function compareMessageIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a)
  const y = String(b)
  const xIsLinq = LINQ_ID.test(x)
  if (xIsLinq !== LINQ_ID.test(y)) return xIsLinq ? -1 : 1
  if (xIsLinq) {
    const digits = (s: string) => s.replace(/^0+(?=\d)/, '')
    const [p, q] = [digits(x), digits(y)]
    if (p.length !== q.length) return p.length - q.length
    return p < q ? -1 : p > q ? 1 : 0
  }
  return x < y ? -1 : x > y ? 1 : 0
}

/** Thread order of two messages given as send time (epoch ms) and id. */
export function compareMessageOrder(
  aTime: number,
  aId: string | number,
  bTime: number,
  bId: string | number,
): number {
  return aTime - bTime || compareMessageIds(aId, bId)
}

/** Thread order of two domain messages. */
export function compareMessages(
  a: { sentAt: string; id: string },
  b: { sentAt: string; id: string },
): number {
  return compareMessageOrder(messageTime(a.sentAt), a.id, messageTime(b.sentAt), b.id)
}
