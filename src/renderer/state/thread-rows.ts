// One loaded chat's rows: the message in each row, and the row of each server or local id. A row's key is
// stable for its whole life: an own message keeps the outbox's local id as its key after Linq gives it a
// server id, so the bubble is updated in place instead of replaced.
//
// Updated in place on purpose: copying these indexes for every page or upload-progress tick would copy the
// whole 10,000-message chat each time, where merging a page costs O(page). That is why they never sit in
// zustand state; state/messages.ts owns one per loaded chat and says how they are read.
import type { Message } from '../../shared/domain'
import { compareMessageOrder, messageTime } from '../../shared/message-order'

/** A row's place in the thread order (src/shared/message-order.ts), its time parsed once. */
interface Place {
  key: string
  time: number
  id: string
}

const precedes = (a: Place, b: Place) => compareMessageOrder(a.time, a.id, b.time, b.id) < 0

export class ThreadRows {
  private readonly byKey = new Map<string, Message>()
  /** Server id or local id → row key. */
  private readonly keyOfId = new Map<string, string>()
  /**
   * Local ids Linq has answered for. A copy of the local message that arrives later (the send's own reply
   * or a progress event overtaken by the answer) is stale and must not bring the local row back.
   */
  private readonly answered = new Set<string>()

  /** The message in a row. */
  at(key: string): Message | undefined {
    return this.byKey.get(key)
  }

  /** The row of a server or local id. */
  keyOf(id: string): string | undefined {
    return this.keyOfId.get(id)
  }

  /**
   * Merges `incoming` into the thread whose rows are `keys` (thread order, oldest first) and returns the new
   * row order: the same array when no row was added, removed or moved, so a status change re-renders that
   * row only, not the list. Rows of `replacedIds` (local ids Linq has answered for) are taken over by the
   * server copies that carry them or, in order, by our own server copies that came back without one;
   * the rest are dropped.
   */
  merge(keys: string[], incoming: Message[], replacedIds: string[] = []): string[] {
    for (const id of replacedIds) this.answered.add(id)
    if (this.answered.size > 0) incoming = incoming.filter((m) => !this.isAnsweredLocal(m))
    if (incoming.length === 0 && replacedIds.length === 0) return keys
    const { added, shifted, claimed, replacedKeys } = this.store(incoming, replacedIds)

    // Replaced local rows that no incoming message took over are gone.
    const dropped = new Set<string>()
    for (const key of replacedKeys) {
      if (key === undefined || claimed.has(key)) continue
      dropped.add(key)
    }
    for (const key of dropped) this.forget(key)
    // Rows whose send time or id changed (an accepted local message changes both) move only if that put
    // them out of order.
    const remaining = dropped.size > 0 ? keys.filter((k) => !dropped.has(k)) : keys
    const moved = shifted.size > 0 && !this.inOrderAround(remaining, shifted) ? shifted : new Set<string>()

    if (added.length === 0 && moved.size === 0 && dropped.size === 0) return keys
    const leaving = new Set([...moved, ...dropped])
    const entering = [...added.filter((k) => !dropped.has(k)), ...moved]
    const kept = leaving.size > 0 ? keys.filter((k) => !leaving.has(k)) : keys
    return this.mergeInOrder(kept, entering)
  }

  /** Drops the rows of these ids; returns the new order (the same array when none was loaded). */
  remove(keys: string[], ids: string[]): string[] {
    const keysToDrop = new Set<string>()
    for (const id of ids) {
      const key = this.keyOfId.get(id)
      if (key !== undefined) keysToDrop.add(key)
    }
    if (keysToDrop.size === 0) return keys
    for (const key of keysToDrop) this.forget(key)
    return keys.filter((k) => !keysToDrop.has(k))
  }

  /** Changes one message (its row keeps its key); false when it is not loaded or `change` kept it. */
  update(id: string, change: (message: Message) => Message): boolean {
    const key = this.keyOfId.get(id)
    const message = key === undefined ? undefined : this.byKey.get(key)
    if (key === undefined || !message) return false
    const next = change(message)
    if (next === message) return false
    this.byKey.set(key, next)
    return true
  }

  private isAnsweredLocal(message: Message): boolean {
    return message.localId !== null && message.id === message.localId && this.answered.has(message.id)
  }

  /** Writes each incoming message into its row, noting which rows are new and which may have moved. */
  private store(incoming: Message[], replacedIds: string[]) {
    const { byKey, keyOfId } = this
    const shifted = new Set<string>()
    const added: string[] = []
    const direct = incoming.map((m) => keyOfId.get(m.id) ?? (m.localId ? keyOfId.get(m.localId) : undefined))
    const directKeys = new Set(direct.filter((k) => k !== undefined))
    // Rows of replaced local ids that no incoming message names: Linq's copies of messages we sent that came
    // back without our local id take them over, in order.
    const adoptable = replacedIds
      .map((id) => keyOfId.get(id))
      .filter((k): k is string => k !== undefined && !directKeys.has(k))
    const claimed = new Set<string>()
    // Read before the merge: an incoming message that carries a local id re-points that id at its own row.
    const replacedKeys = replacedIds.map((id) => keyOfId.get(id))

    incoming.forEach((message, i) => {
      let key = direct[i]
      if (key === undefined && !message.localId && message.isFromMe && adoptable.length > 0)
        key = adoptable.shift()
      key ??= message.localId ?? message.id
      claimed.add(key)
      const before = byKey.get(key)
      byKey.set(key, message)
      keyOfId.set(message.id, key)
      if (message.localId) keyOfId.set(message.localId, key)
      if (!before) added.push(key)
      else if (before.sentAt !== message.sentAt || before.id !== message.id) shifted.add(key)
    })
    return { added, shifted, claimed, replacedKeys }
  }

  private forget(key: string): void {
    const { byKey, keyOfId } = this
    const message = byKey.get(key)
    byKey.delete(key)
    if (!message) return
    if (keyOfId.get(message.id) === key) keyOfId.delete(message.id)
    if (message.localId && keyOfId.get(message.localId) === key) keyOfId.delete(message.localId)
    if (keyOfId.get(key) === key) keyOfId.delete(key)
  }

  private placeOf(key: string): Place {
    const message = this.byKey.get(key)!
    return { key, time: messageTime(message.sentAt), id: message.id }
  }

  /** Index of the first row of `keys` (in thread order) that `place` precedes. */
  private insertionPoint(keys: string[], place: Place): number {
    // Most inserts are new messages at the end: check that first.
    const lastKey = keys[keys.length - 1]
    if (lastKey === undefined || precedes(this.placeOf(lastKey), place)) return keys.length
    let lo = 0
    let hi = keys.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (precedes(this.placeOf(keys[mid]!), place)) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * `kept` (in thread order) with `entering` merged in. Only the stretch where the two interleave is
   * compared, so an older page prepended or a new message appended costs a copy of the row keys, not a sort
   * of the whole thread.
   */
  private mergeInOrder(kept: string[], entering: string[]): string[] {
    const incoming = entering.map((key) => this.placeOf(key)).sort((a, b) => (precedes(a, b) ? -1 : 1))
    let i = incoming.length > 0 ? this.insertionPoint(kept, incoming[0]!) : kept.length
    const keys = kept.slice(0, i)
    for (const place of incoming) {
      while (i < kept.length && precedes(this.placeOf(kept[i]!), place)) keys.push(kept[i++]!)
      keys.push(place.key)
    }
    for (; i < kept.length; i++) keys.push(kept[i]!)
    return keys
  }

  /**
   * Whether `keys` is in thread order, given that it was before and only the rows in `changed` may have
   * moved: then each pair of neighbours that includes a changed row says it all.
   */
  private inOrderAround(keys: string[], changed: Set<string>): boolean {
    for (const key of changed) {
      const i = keys.indexOf(key)
      const place = this.placeOf(key)
      if (i > 0 && !precedes(this.placeOf(keys[i - 1]!), place)) return false
      if (i >= 0 && i < keys.length - 1 && !precedes(place, this.placeOf(keys[i + 1]!))) return false
    }
    return true
  }
}
