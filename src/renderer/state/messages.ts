// Messages of the chats the user has opened, per chat: the ordered row keys the thread virtualizes, paging
// state, and each row's message.
//
// The rule: the zustand state holds only values that are replaced, never changed in place. A chat's
// ThreadState is a new object whenever anything in that chat changes (a new `keys` array only when rows are
// added, removed or moved), and a changed message is a new Message object. The rows themselves
// (state/thread-rows.ts) are updated in place for speed, so they are kept outside the state, reachable
// only through the accessors below, which take the ThreadState they belong to:
//   - in a selector: `useMessagesStore((s) => messageAt(s.threads[chatId], key))` re-runs on every change
//     and returns a new object only when that message changed;
//   - in render: derive from a ThreadState you subscribed to (memoize on the ThreadState, never on `keys`);
//   - in actions and event handlers: read `useMessagesStore.getState()` at the time.
import { create } from 'zustand'
import type { Message } from '../../shared/domain'
import { ThreadRows } from './thread-rows'

/** Threads kept in memory; the least recently opened ones beyond this are dropped (main keeps the cache). */
export const MAX_LOADED_THREADS = 12

/** One chat's loaded messages, as subscribers see them. */
export interface ThreadState {
  status: 'loading' | 'ready' | 'error'
  error: string | null
  /** Row keys, oldest first. */
  keys: string[]
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

/** Each ThreadState's rows: every version of a chat's ThreadState maps to that chat's one ThreadRows. */
const rowsOf = new WeakMap<ThreadState, ThreadRows>()

function withRows(thread: ThreadState, rows: ThreadRows): ThreadState {
  rowsOf.set(thread, rows)
  return thread
}

/** The message in a row of this thread. */
export function messageAt(thread: ThreadState | undefined, key: string): Message | undefined {
  return thread && rowsOf.get(thread)?.at(key)
}

/** The row of a server or local id in this thread. */
export function rowKeyOf(thread: ThreadState | undefined, id: string): string | undefined {
  return thread && rowsOf.get(thread)?.keyOf(id)
}

/** A message of this thread by server or local id. */
export function messageById(thread: ThreadState | undefined, id: string): Message | undefined {
  const key = rowKeyOf(thread, id)
  return key === undefined ? undefined : messageAt(thread, key)
}

/** A loaded message by server or local id, as it is now (for actions, not for render). */
export function findMessage(chatId: string, id: string): Message | undefined {
  return messageById(useMessagesStore.getState().threads[chatId], id)
}

function newThread(rows = new ThreadRows(), keys: string[] = []): ThreadState {
  const thread: ThreadState = {
    status: 'loading',
    error: null,
    keys,
    hasOlder: false,
    loadingOlder: false,
    olderError: null,
    openedAt: Date.now(),
  }
  return withRows(thread, rows)
}

/** The chats to keep: the open one and the most recently opened others, MAX_LOADED_THREADS in all. */
function evictStale(threads: Record<string, ThreadState>, keep: string): void {
  const ids = Object.keys(threads)
  if (ids.length <= MAX_LOADED_THREADS) return
  ids
    .filter((id) => id !== keep)
    .sort((a, b) => threads[a]!.openedAt - threads[b]!.openedAt)
    .slice(0, ids.length - MAX_LOADED_THREADS)
    .forEach((id) => delete threads[id])
}

export const useMessagesStore = create<MessagesState>()((set) => {
  /**
   * Applies `change` to a loaded thread; events for chats not in memory are ignored (main caches them).
   * `change` may update the rows in place; it returns the new ThreadState (or the same one for no change).
   */
  const update = (chatId: string, change: (thread: ThreadState, rows: ThreadRows) => ThreadState) =>
    set((state) => {
      const thread = state.threads[chatId]
      const rows = thread && rowsOf.get(thread)
      if (!thread || !rows) return state
      const next = change(thread, rows)
      if (next === thread) return state
      return { threads: { ...state.threads, [chatId]: withRows(next, rows) } }
    })
  /** Merges messages into a thread, with `fields` changed too (a new ThreadState even if no row changed). */
  const merge = (chatId: string, messages: Message[], replacedIds: string[], fields?: Partial<ThreadState>) =>
    update(chatId, (t, rows) => {
      const keys = rows.merge(t.keys, messages, replacedIds)
      const rowsChanged = keys !== t.keys || messages.length > 0 || replacedIds.length > 0
      return rowsChanged || fields ? { ...t, ...fields, keys } : t
    })
  const updateMessage: MessagesState['updateMessage'] = (chatId, id, change) =>
    update(chatId, (t, rows) => (rows.update(id, change) ? { ...t } : t))

  return {
    threads: {},
    beginLoad(chatId) {
      set((state) => {
        const existing = state.threads[chatId]
        const rows = existing && rowsOf.get(existing)
        const threads = { ...state.threads }
        if (existing && rows && existing.status !== 'error')
          threads[chatId] = withRows({ ...existing, openedAt: Date.now() }, rows)
        else threads[chatId] = rows ? newThread(rows, existing!.keys) : newThread()
        evictStale(threads, chatId)
        return { threads }
      })
    },
    loadFailed: (chatId, error) => update(chatId, (t) => ({ ...t, status: 'error', error })),
    loaded: (chatId, messages, hasOlder) =>
      merge(chatId, messages, [], { status: 'ready', error: null, hasOlder }),
    setLoadingOlder: (chatId, loadingOlder, olderError = null) =>
      update(chatId, (t) => ({ ...t, loadingOlder, olderError })),
    olderLoaded: (chatId, messages, hasOlder) =>
      merge(chatId, messages, [], { hasOlder, loadingOlder: false, olderError: null }),
    upsert: (chatId, messages, replacedIds) => merge(chatId, messages, replacedIds),
    remove: (chatId, ids) =>
      update(chatId, (t, rows) => {
        const keys = rows.remove(t.keys, ids)
        return keys === t.keys ? t : { ...t, keys }
      }),
    uploadProgress: (chatId, localId, sentBytes, totalBytes) =>
      updateMessage(chatId, localId, (message) => ({ ...message, upload: { sentBytes, totalBytes } })),
    updateMessage,
    clear: () => set({ threads: {} }),
  }
})

/** Text of the messages loaded for a chat (the chat-list filter also searches these). */
export function loadedTextIncludes(thread: ThreadState | undefined, needle: string): boolean {
  if (!thread) return false
  for (const key of thread.keys) {
    if (messageAt(thread, key)!.text.toLowerCase().includes(needle)) return true
  }
  return false
}
