// Chats normalized by id plus one ordered id list. A changed chat replaces only its own object, and the
// order array keeps its identity unless the order really changed, so one update re-renders one row.
import { create } from 'zustand'
import type { Chat } from '../../shared/domain'

export interface ChatsState {
  byId: Record<string, Chat>
  /** Newest activity first; ties broken by id so the order never flickers. */
  order: string[]
  unreadTotal: number
  /** Chats whose notifications are muted on this computer. */
  muted: Record<string, true>
  loaded: boolean
  replaceAll(chats: Chat[], unreadTotal: number): void
  setMuted(chatIds: readonly string[]): void
  applyChanges(chats: Chat[], removedIds: string[], unreadTotal: number): void
  clear(): void
}

function activityOf(chat: Chat): number {
  if (!chat.lastActivityAt) return -Infinity
  const t = Date.parse(chat.lastActivityAt)
  return Number.isNaN(t) ? -Infinity : t
}

export function sortChatIds(byId: Record<string, Chat>, ids: string[]): string[] {
  const activity = new Map(ids.map((id) => [id, activityOf(byId[id]!)]))
  return [...ids].sort((a, b) => activity.get(b)! - activity.get(a)! || (a < b ? -1 : a > b ? 1 : 0))
}

function sameOrder(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export const useChatsStore = create<ChatsState>()((set) => ({
  byId: {},
  order: [],
  unreadTotal: 0,
  muted: {},
  loaded: false,
  setMuted: (chatIds) => set({ muted: Object.fromEntries(chatIds.map((id) => [id, true as const])) }),
  replaceAll(chats, unreadTotal) {
    const byId: Record<string, Chat> = {}
    for (const chat of chats) byId[chat.id] = chat
    set({ byId, order: sortChatIds(byId, Object.keys(byId)), unreadTotal, loaded: true })
  },
  applyChanges(chats, removedIds, unreadTotal) {
    set((state) => {
      const byId = { ...state.byId }
      let membershipChanged = false
      let activityChanged = false
      for (const id of removedIds) {
        if (byId[id]) {
          delete byId[id]
          membershipChanged = true
        }
      }
      for (const chat of chats) {
        const before = byId[chat.id]
        if (!before) membershipChanged = true
        else if (before.lastActivityAt !== chat.lastActivityAt) activityChanged = true
        byId[chat.id] = chat
      }
      let order = state.order
      if (membershipChanged || activityChanged) {
        const next = sortChatIds(byId, Object.keys(byId))
        if (!sameOrder(next, order)) order = next
      }
      return { byId, order, unreadTotal }
    })
  },
  clear: () => set({ byId: {}, order: [], unreadTotal: 0, muted: {}, loaded: false }),
}))
