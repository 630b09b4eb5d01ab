// listChats's answer from the cache: every chat, or with a limit only the first screenful in list order
// (shared/chat-order.ts), which is all the window needs to paint; it asks for the rest after that. The
// first screenful comes from the list's head while the cache has not read the whole list (cache/head.ts).
import type { ChannelResult } from '../../../shared/contract'
import type { WorkspaceCache } from '../cache/cache'

export function chatListAnswer(
  cache: Pick<WorkspaceCache, 'chats' | 'unreadTotal' | 'drafts' | 'firstChats'>,
  mutedChatIds: string[],
  limit?: number,
): ChannelResult<'listChats'> {
  if (limit !== undefined) return { ...cache.firstChats(limit), drafts: cache.drafts(), mutedChatIds }
  const chats = cache.chats()
  return {
    chats,
    total: chats.length,
    unreadTotal: cache.unreadTotal(),
    drafts: cache.drafts(),
    mutedChatIds,
  }
}
