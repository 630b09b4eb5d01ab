// The chat-list filter: names, handles (by digits too: "415 555" finds +14155550101), the last message and
// the text of messages loaded in this session. Used by the sidebar and the quick switcher.
import { useShallow } from 'zustand/react/shallow'
import type { Chat } from '../../../shared/domain'
import { phoneDigits } from '../../../shared/phone'
import { useChatsStore } from '../../state/chats'
import { loadedTextIncludes, useMessagesStore, type ThreadState } from '../../state/messages'
import { chatTitle } from '../../ui/chat-text'

export interface ChatFilter {
  query: string
  numberFilter: string | null
}

/** What a filter reads, from the stores it is derived from (each one a subscription in useFilteredChatIds). */
export interface FilterSources {
  byId: Record<string, Chat>
  /** The loaded messages, searched by text. */
  threads: Record<string, ThreadState>
}

export function isFiltering({ query, numberFilter }: ChatFilter): boolean {
  return query.trim() !== '' || numberFilter !== null
}

function chatMatches(chat: Chat, needle: string, digits: string, thread: ThreadState | undefined): boolean {
  if (chatTitle(chat).toLowerCase().includes(needle) || chat.title.toLowerCase().includes(needle)) return true
  for (const p of chat.participants) {
    if (p.handle.toLowerCase().includes(needle)) return true
    if (digits.length >= 3 && phoneDigits(p.handle).includes(digits)) return true
  }
  if (chat.lastMessage?.text.toLowerCase().includes(needle)) return true
  if (chat.lastMessage?.attachmentSummary?.toLowerCase().includes(needle)) return true
  return loadedTextIncludes(thread, needle)
}

export function filterChatIds(order: string[], filter: ChatFilter, sources: FilterSources): string[] {
  const needle = filter.query.trim().toLowerCase()
  // Only a query that is mostly a number is also matched by digits.
  const digits = /^[\d\s()+.-]+$/.test(needle) ? phoneDigits(needle) : ''
  return order.filter((id) => {
    const chat = sources.byId[id]
    if (!chat) return false
    if (filter.numberFilter !== null && chat.phoneNumber !== filter.numberFilter) return false
    return needle === '' || chatMatches(chat, needle, digits, sources.threads[id])
  })
}

const NO_THREADS: Record<string, ThreadState> = {}

/**
 * The chats a filter keeps, newest first (all of them with no filter). Subscribed to both stores the
 * filter reads: a chat matches as soon as a message with the text loads, and stops when it goes. Loaded
 * messages matter only to a typed query, so without one the messages store is not followed at all. The
 * array keeps its identity while the result is the same.
 */
export function useFilteredChatIds(query: string, numberFilter: string | null): string[] {
  const filtering = isFiltering({ query, numberFilter })
  const threads = useMessagesStore((s) => (query.trim() !== '' ? s.threads : NO_THREADS))
  return useChatsStore(
    useShallow((s) =>
      filtering ? filterChatIds(s.order, { query, numberFilter }, { byId: s.byId, threads }) : s.order,
    ),
  )
}
