// Chats normalized by id plus one ordered id list. A changed chat replaces only its own object, and the
// order array keeps its identity unless the order really changed, so one update re-renders one row.
import { create } from 'zustand'
import { activityOf, compareInList } from '../../shared/chat-order'
import type { Chat } from '../../shared/domain'

export interface ChatsState {
  byId: Record<string, Chat>
  /** In list order (shared/chat-order.ts): newest activity first, ties by id. */
  order: string[]
  unreadTotal: number
  /** Chats whose notifications are muted on this computer. */
  muted: Record<string, true>
  /** The first screenful has arrived: the list can show. */
  loaded: boolean
  /**
   * Every chat has arrived, not just the first screenful (session.ts asks for the rest after it paints).
   * What must see every chat waits for this: finding a chat by its recipients, a kept open request.
   */
  complete: boolean
  /** The list as main answered it; `complete` false when it was only the first screenful. */
  replaceAll(chats: Chat[], unreadTotal: number, complete: boolean): void
  setMuted(chatIds: readonly string[]): void
  applyChanges(chats: Chat[], removedIds: string[], unreadTotal: number): void
  clear(): void
}

export function sortChatIds(byId: Record<string, Chat>, ids: string[]): string[] {
  const activity = new Map(ids.map((id) => [id, activityOf(byId[id]!)]))
  return [...ids].sort((a, b) => compareInList(activity.get(a)!, a, activity.get(b)!, b))
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
  complete: false,
  setMuted: (chatIds) => set({ muted: Object.fromEntries(chatIds.map((id) => [id, true as const])) }),
  replaceAll(chats, unreadTotal, complete) {
    const byId: Record<string, Chat> = {}
    for (const chat of chats) byId[chat.id] = chat
    set({ byId, order: sortChatIds(byId, Object.keys(byId)), unreadTotal, loaded: true, complete })
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
  clear: () => set({ byId: {}, order: [], unreadTotal: 0, muted: {}, loaded: false, complete: false }),
}))
