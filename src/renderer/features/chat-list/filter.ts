// The chat-list filter: names, handles (by digits too: "415 555" finds +14155550101), the last message and
// the text of messages loaded in this session.
import type { Chat } from '../../../shared/domain'
import { loadedTextIncludes, type ThreadState } from '../../state/messages'
import { chatTitle } from '../../ui/chat-text'

export interface ChatFilter {
  query: string
  numberFilter: string | null
}

export function isFiltering({ query, numberFilter }: ChatFilter): boolean {
  return query.trim() !== '' || numberFilter !== null
}

export function chatMatches(
  chat: Chat,
  needle: string,
  digits: string,
  thread: ThreadState | undefined,
): boolean {
  if (chatTitle(chat).toLowerCase().includes(needle) || chat.title.toLowerCase().includes(needle)) return true
  for (const p of chat.participants) {
    if (p.handle.toLowerCase().includes(needle)) return true
    if (digits.length >= 3 && p.handle.replace(/\D/g, '').includes(digits)) return true
  }
  if (chat.lastMessage?.text.toLowerCase().includes(needle)) return true
  if (chat.lastMessage?.attachmentSummary?.toLowerCase().includes(needle)) return true
  return loadedTextIncludes(thread, needle)
}

export function filterChatIds(
  order: string[],
  byId: Record<string, Chat>,
  filter: ChatFilter,
  threads: Record<string, ThreadState>,
): string[] {
  const needle = filter.query.trim().toLowerCase()
  // Only a query that is mostly a number is also matched by digits.
  const digits = /^[\d\s()+.-]+$/.test(needle) ? needle.replace(/\D/g, '') : ''
  return order.filter((id) => {
    const chat = byId[id]
    if (!chat) return false
    if (filter.numberFilter !== null && chat.phoneNumber !== filter.numberFilter) return false
    return needle === '' || chatMatches(chat, needle, digits, threads[id])
  })
}
