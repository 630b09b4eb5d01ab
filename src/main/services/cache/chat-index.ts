// The cache's index in memory: the workspace's numbers, its chats (with what only the cache knows: last
// message, activity, unread count), each chat's sync state, and the drafts. `changed` says what to write:
// one chat's page of the list, the numbers, or the drafts (files.ts has the layout). The list is read on
// its first use (`index()`), not at start; the drafts are read at start, as the first screen shows them.
import type { Chat, PhoneNumber } from '../../../shared/domain'
import type { ChatSyncMeta, IndexDoc } from './files'
import { unreadOf } from './head'

export interface IndexChanges {
  chat(chatId: string): void
  numbers(): void
  drafts(): void
}

export function indexOperations(
  index: () => IndexDoc,
  drafts: () => Record<string, string>,
  changed: IndexChanges,
) {
  return {
    phoneNumbers: (): PhoneNumber[] => index().phoneNumbers,
    setPhoneNumbers(numbers: PhoneNumber[]): void {
      index().phoneNumbers = numbers
      changed.numbers()
    },

    chats: (): Chat[] => index().chats,
    unreadTotal: (): number => unreadOf(index().chats),
    chat: (chatId: string): Chat | undefined => index().chats.find((c) => c.id === chatId),

    /** Adds or updates chats as Linq lists them, keeping what only the cache knows. Returns the changed ones. */
    putChats(chats: Chat[]): Chat[] {
      const updated: Chat[] = []
      const list = index().chats
      for (const incoming of chats) {
        const position = list.findIndex((c) => c.id === incoming.id)
        const known = position >= 0 ? list[position]! : undefined
        const merged: Chat = known
          ? {
              ...incoming,
              lastMessage: known.lastMessage,
              lastActivityAt: known.lastActivityAt,
              unreadCount: known.unreadCount,
            }
          : incoming
        if (known && JSON.stringify(known) === JSON.stringify(merged)) continue
        if (position >= 0) list[position] = merged
        else list.push(merged)
        updated.push(merged)
        changed.chat(merged.id)
      }
      return updated
    },

    meta: (chatId: string): ChatSyncMeta => index().meta.get(chatId) ?? { syncedCount: null, hasOlder: true },
    setMeta(chatId: string, meta: Partial<ChatSyncMeta>): void {
      const all = index().meta
      all.set(chatId, {
        ...(all.get(chatId) ?? { syncedCount: null, hasOlder: true }),
        ...meta,
      })
      changed.chat(chatId)
    },

    drafts,
    setDraft(chatId: string, text: string): void {
      const all = drafts()
      if ((all[chatId] ?? '') === text) return
      if (text === '') delete all[chatId]
      else all[chatId] = text
      changed.drafts()
    },
  }
}
