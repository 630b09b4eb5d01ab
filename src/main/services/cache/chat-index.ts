// The cache's index in memory: the workspace's numbers, its chats (with what only the cache knows: last
// message, activity, unread count), each chat's sync state, and the drafts. `changed` says what to write:
// one chat's page of the list, the numbers, or the drafts (files.ts has the layout).
import type { Chat, PhoneNumber } from '../../../shared/domain'
import type { ChatSyncMeta, IndexDoc } from './files'

export interface IndexChanges {
  chat(chatId: string): void
  numbers(): void
  drafts(): void
}

export function indexOperations(index: IndexDoc, changed: IndexChanges) {
  return {
    phoneNumbers: (): PhoneNumber[] => index.phoneNumbers,
    setPhoneNumbers(numbers: PhoneNumber[]): void {
      index.phoneNumbers = numbers
      changed.numbers()
    },

    chats: (): Chat[] => index.chats,
    unreadTotal: (): number => index.chats.reduce((n, c) => n + c.unreadCount, 0),
    chat: (chatId: string): Chat | undefined => index.chats.find((c) => c.id === chatId),

    /** Adds or updates chats as Linq lists them, keeping what only the cache knows. Returns the changed ones. */
    putChats(chats: Chat[]): Chat[] {
      const updated: Chat[] = []
      for (const incoming of chats) {
        const position = index.chats.findIndex((c) => c.id === incoming.id)
        const known = position >= 0 ? index.chats[position]! : undefined
        const merged: Chat = known
          ? {
              ...incoming,
              lastMessage: known.lastMessage,
              lastActivityAt: known.lastActivityAt,
              unreadCount: known.unreadCount,
            }
          : incoming
        if (known && JSON.stringify(known) === JSON.stringify(merged)) continue
        if (position >= 0) index.chats[position] = merged
        else index.chats.push(merged)
        updated.push(merged)
        changed.chat(merged.id)
      }
      return updated
    },

    meta: (chatId: string): ChatSyncMeta => index.meta.get(chatId) ?? { syncedCount: null, hasOlder: true },
    setMeta(chatId: string, meta: Partial<ChatSyncMeta>): void {
      index.meta.set(chatId, {
        ...(index.meta.get(chatId) ?? { syncedCount: null, hasOlder: true }),
        ...meta,
      })
      changed.chat(chatId)
    },

    drafts: (): Record<string, string> => index.drafts,
    setDraft(chatId: string, text: string): void {
      if ((index.drafts[chatId] ?? '') === text) return
      if (text === '') delete index.drafts[chatId]
      else index.drafts[chatId] = text
      changed.drafts()
    },
  }
}
