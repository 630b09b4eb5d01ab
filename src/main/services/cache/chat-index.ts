// The cache's index in memory: the workspace's numbers, its chats (with what only the cache knows: last
// message, activity, unread count), each chat's sync state, and the drafts. `indexChanged` schedules the index
// file's write.
import type { Chat, PhoneNumber } from '../../../shared/domain'
import type { ChatSyncMeta, IndexDoc } from './files'

export function indexOperations(index: IndexDoc, indexChanged: () => void) {
  return {
    phoneNumbers: (): PhoneNumber[] => index.phoneNumbers,
    setPhoneNumbers(numbers: PhoneNumber[]): void {
      index.phoneNumbers = numbers
      indexChanged()
    },

    chats: (): Chat[] => index.chats,
    unreadTotal: (): number => index.chats.reduce((n, c) => n + c.unreadCount, 0),
    chat: (chatId: string): Chat | undefined => index.chats.find((c) => c.id === chatId),

    /** Adds or updates chats as Linq lists them, keeping what only the cache knows. Returns the changed ones. */
    putChats(chats: Chat[]): Chat[] {
      const changed: Chat[] = []
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
        changed.push(merged)
      }
      if (changed.length > 0) indexChanged()
      return changed
    },

    meta: (chatId: string): ChatSyncMeta => index.meta[chatId] ?? { syncedCount: null, hasOlder: true },
    setMeta(chatId: string, meta: Partial<ChatSyncMeta>): void {
      index.meta[chatId] = { ...(index.meta[chatId] ?? { syncedCount: null, hasOlder: true }), ...meta }
      indexChanged()
    },

    drafts: (): Record<string, string> => index.drafts,
    setDraft(chatId: string, text: string): void {
      if ((index.drafts[chatId] ?? '') === text) return
      if (text === '') delete index.drafts[chatId]
      else index.drafts[chatId] = text
      indexChanged()
    },
  }
}
