// Messages of the chats the user has opened, per chat: rows by key plus the ordered key list the thread
// virtualizes. A row's key is stable for its whole life: an own message keeps the outbox's local id as its
// key after Linq gives it a server id, so the bubble is updated in place instead of replaced.
import { create } from 'zustand'
import type { Message } from '../../shared/domain'
import { compareMessageOrder, messageTime } from '../../shared/message-order'

/** Threads kept in memory; the least recently opened ones beyond this are dropped (main keeps the cache). */
export const MAX_LOADED_THREADS = 12

/**
 * One chat's loaded messages. Every change makes a new ThreadState, a new `keys` array when rows are added,
 * removed or moved, and new Message objects for the rows that changed: those are what subscribers compare.
 * `byKey` and `keyOfId` are the thread's own indexes, updated in place: copying them for every page or
 * upload-progress tick would copy the whole 10,000-message chat each time.
 */
export interface ThreadState {
  status: 'loading' | 'ready' | 'error'
  error: string | null
  byKey: Record<string, Message>
  /** Row keys, oldest first. */
  keys: string[]
  /** Server id or local id → row key. */
  keyOfId: Record<string, string>
  hasOlder: boolean
  loadingOlder: boolean
  olderError: string | null
  /** Bumped when the thread is opened, for least-recently-used eviction. */
  openedAt: number
}

export interface MessagesState {
  threads: Record<string, ThreadState>
  /** Starts (or restarts after an error) a thread; keeps one that is already loaded. */
  beginLoad(chatId: string): void
  loadFailed(chatId: string, error: string): void
  /** The newest cached page arrived: merged with anything events delivered meanwhile. */
  loaded(chatId: string, messages: Message[], hasOlder: boolean): void
  setLoadingOlder(chatId: string, loading: boolean, error?: string | null): void
  olderLoaded(chatId: string, messages: Message[], hasOlder: boolean): void
  upsert(chatId: string, messages: Message[], replacedIds: string[]): void
  remove(chatId: string, ids: string[]): void
  uploadProgress(chatId: string, localId: string, sentBytes: number, totalBytes: number): void
  /** Changes one loaded message in place (optimistic edits and reactions); its row keeps its key. */
  updateMessage(chatId: string, id: string, change: (message: Message) => Message): void
  clear(): void
}

export function emptyThread(): ThreadState {
  return {
    status: 'loading',
    error: null,
    byKey: {},
    keys: [],
    keyOfId: {},
    hasOlder: false,
    loadingOlder: false,
    olderError: null,
    openedAt: Date.now(),
  }
}

/** A row's place in the thread order (src/shared/message-order.ts), its time parsed once. */
interface Place {
  key: string
  time: number
  id: string
}

function placeOf(key: string, byKey: Record<string, Message>): Place {
  const message = byKey[key]!
  return { key, time: messageTime(message.sentAt), id: message.id }
}

const precedes = (a: Place, b: Place) => compareMessageOrder(a.time, a.id, b.time, b.id) < 0

/** Index of the first row of `keys` (in thread order) that `place` precedes. */
function insertionPoint(keys: string[], byKey: Record<string, Message>, place: Place): number {
  // Most inserts are new messages at the end: check that first.
  const lastKey = keys[keys.length - 1]
  if (lastKey === undefined || precedes(placeOf(lastKey, byKey), place)) return keys.length
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (precedes(placeOf(keys[mid]!, byKey), place)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * `kept` (in thread order) with `entering` merged in. Only the stretch where the two interleave is compared,
 * so an older page prepended or a new message appended costs a copy of the row keys, not a sort of the
 * whole thread.
 */
function mergeInOrder(kept: string[], entering: string[], byKey: Record<string, Message>): string[] {
  const incoming = entering.map((key) => placeOf(key, byKey)).sort((a, b) => (precedes(a, b) ? -1 : 1))
  let i = incoming.length > 0 ? insertionPoint(kept, byKey, incoming[0]!) : kept.length
  const keys = kept.slice(0, i)
  for (const place of incoming) {
    while (i < kept.length && precedes(placeOf(kept[i]!, byKey), place)) keys.push(kept[i++]!)
    keys.push(place.key)
  }
  for (; i < kept.length; i++) keys.push(kept[i]!)
  return keys
}

/**
 * Merges `incoming` into a thread: returns a new thread whose `keys` keep their identity when no row was
 * added, removed or moved (a status change re-renders that row only, not the list).
 */
export function mergeMessages(
  thread: ThreadState,
  incoming: Message[],
  replacedIds: string[] = [],
): ThreadState {
  if (incoming.length === 0 && replacedIds.length === 0) return thread
  const { byKey, keyOfId } = thread
  // Rows whose send time or id changed (an accepted local message changes both): they move only if that
  // put them out of order.
  const shifted = new Set<string>()
  const added: string[] = []

  const direct = incoming.map((m) => keyOfId[m.id] ?? (m.localId ? keyOfId[m.localId] : undefined))
  const directKeys = new Set(direct.filter((k) => k !== undefined))
  // Rows of replaced local ids that no incoming message names: Linq's copies of messages we sent that came
  // back without our local id take them over, in order.
  const adoptable = replacedIds
    .map((id) => keyOfId[id])
    .filter((k): k is string => k !== undefined && !directKeys.has(k))
  const claimed = new Set<string>()
  // Read before the merge: an incoming message that carries a local id re-points that id at its own row.
  const replacedKeys = replacedIds.map((id) => keyOfId[id])

  incoming.forEach((message, i) => {
    let key = direct[i]
    if (key === undefined && !message.localId && message.isFromMe && adoptable.length > 0)
      key = adoptable.shift()
    key ??= message.localId ?? message.id
    claimed.add(key)
    const before = byKey[key]
    byKey[key] = message
    keyOfId[message.id] = key
    if (message.localId) keyOfId[message.localId] = key
    if (!before) added.push(key)
    else if (before.sentAt !== message.sentAt || before.id !== message.id) shifted.add(key)
  })

  // Replaced local rows that no incoming message took over are gone.
  const dropped = new Set<string>()
  for (const key of replacedKeys) {
    if (key === undefined || claimed.has(key)) continue
    dropped.add(key)
  }
  for (const key of dropped) forgetRow(byKey, keyOfId, key)
  const remaining = dropped.size > 0 ? thread.keys.filter((k) => !dropped.has(k)) : thread.keys
  const moved = shifted.size > 0 && !inOrderAround(remaining, shifted, byKey) ? shifted : new Set<string>()

  let keys = thread.keys
  if (added.length > 0 || moved.size > 0 || dropped.size > 0) {
    const leaving = new Set([...moved, ...dropped])
    const entering = [...added.filter((k) => !dropped.has(k)), ...moved]
    const kept = leaving.size > 0 ? thread.keys.filter((k) => !leaving.has(k)) : thread.keys
    keys = mergeInOrder(kept, entering, byKey)
  }

  return { ...thread, keys }
}

/**
 * Whether `keys` is in thread order, given that it was before and only the rows in `changed` may have moved:
 * then each pair of neighbours that includes a changed row says it all.
 */
function inOrderAround(keys: string[], changed: Set<string>, byKey: Record<string, Message>): boolean {
  for (const key of changed) {
    const i = keys.indexOf(key)
    const place = placeOf(key, byKey)
    if (i > 0 && !precedes(placeOf(keys[i - 1]!, byKey), place)) return false
    if (i >= 0 && i < keys.length - 1 && !precedes(place, placeOf(keys[i + 1]!, byKey))) return false
  }
  return true
}

function forgetRow(byKey: Record<string, Message>, keyOfId: Record<string, string>, key: string): void {
  const message = byKey[key]
  delete byKey[key]
  if (!message) return
  if (keyOfId[message.id] === key) delete keyOfId[message.id]
  if (message.localId && keyOfId[message.localId] === key) delete keyOfId[message.localId]
  if (keyOfId[key] === key) delete keyOfId[key]
}

export function removeMessages(thread: ThreadState, ids: string[]): ThreadState {
  const keysToDrop = new Set<string>()
  for (const id of ids) {
    const key = thread.keyOfId[id]
    if (key !== undefined) keysToDrop.add(key)
  }
  if (keysToDrop.size === 0) return thread
  for (const key of keysToDrop) forgetRow(thread.byKey, thread.keyOfId, key)
  return { ...thread, keys: thread.keys.filter((k) => !keysToDrop.has(k)) }
}

export const useMessagesStore = create<MessagesState>()((set) => {
  /** Applies `change` to a loaded thread; events for chats not in memory are ignored (main caches them). */
  const update = (chatId: string, change: (thread: ThreadState) => ThreadState) =>
    set((state) => {
      const thread = state.threads[chatId]
      if (!thread) return state
      const next = change(thread)
      return next === thread ? state : { threads: { ...state.threads, [chatId]: next } }
    })

  const updateMessage: MessagesState['updateMessage'] = (chatId, id, change) =>
    update(chatId, (t) => {
      const key = t.keyOfId[id]
      const message = key === undefined ? undefined : t.byKey[key]
      if (key === undefined || !message) return t
      const next = change(message)
      if (next === message) return t
      t.byKey[key] = next
      return { ...t }
    })

  return {
    threads: {},
    beginLoad(chatId) {
      set((state) => {
        const existing = state.threads[chatId]
        const threads = { ...state.threads }
        threads[chatId] =
          existing && existing.status !== 'error'
            ? { ...existing, openedAt: Date.now() }
            : {
                ...emptyThread(),
                ...(existing
                  ? { byKey: existing.byKey, keys: existing.keys, keyOfId: existing.keyOfId }
                  : {}),
              }
        const ids = Object.keys(threads)
        if (ids.length > MAX_LOADED_THREADS) {
          ids
            .filter((id) => id !== chatId)
            .sort((a, b) => threads[a]!.openedAt - threads[b]!.openedAt)
            .slice(0, ids.length - MAX_LOADED_THREADS)
            .forEach((id) => delete threads[id])
        }
        return { threads }
      })
    },
    loadFailed: (chatId, error) => update(chatId, (t) => ({ ...t, status: 'error', error })),
    loaded: (chatId, messages, hasOlder) =>
      update(chatId, (t) => ({ ...mergeMessages(t, messages), status: 'ready', error: null, hasOlder })),
    setLoadingOlder: (chatId, loadingOlder, olderError = null) =>
      update(chatId, (t) => ({ ...t, loadingOlder, olderError })),
    olderLoaded: (chatId, messages, hasOlder) =>
      update(chatId, (t) => ({
        ...mergeMessages(t, messages),
        hasOlder,
        loadingOlder: false,
        olderError: null,
      })),
    upsert: (chatId, messages, replacedIds) => update(chatId, (t) => mergeMessages(t, messages, replacedIds)),
    remove: (chatId, ids) => update(chatId, (t) => removeMessages(t, ids)),
    uploadProgress: (chatId, localId, sentBytes, totalBytes) =>
      updateMessage(chatId, localId, (message) => ({ ...message, upload: { sentBytes, totalBytes } })),
    updateMessage,
    clear: () => set({ threads: {} }),
  }
})

/** A loaded message by server or local id. */
export function findMessage(chatId: string, id: string): Message | undefined {
  const thread = useMessagesStore.getState().threads[chatId]
  const key = thread?.keyOfId[id]
  return key === undefined ? undefined : thread?.byKey[key]
}

/** Text of the messages loaded for a chat (the chat-list filter also searches these). */
export function loadedTextIncludes(thread: ThreadState | undefined, needle: string): boolean {
  if (!thread) return false
  for (const key of thread.keys) {
    if (thread.byKey[key]!.text.toLowerCase().includes(needle)) return true
  }
  return false
}
