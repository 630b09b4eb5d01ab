// listChats's answer from the cache: every chat, or with a limit only the first screenful in list order
// (shared/chat-order.ts), which is all the window needs to paint; it asks for the rest after that.
import { firstInList } from '../../../shared/chat-order'
import type { ChannelResult } from '../../../shared/contract'
import type { WorkspaceCache } from '../cache/cache'

export function chatListAnswer(
  cache: Pick<WorkspaceCache, 'chats' | 'unreadTotal' | 'drafts'>,
  mutedChatIds: string[],
  limit?: number,
): ChannelResult<'listChats'> {
  const chats = cache.chats()
  return {
    chats: limit === undefined || limit >= chats.length ? chats : firstInList(chats, limit),
    total: chats.length,
    unreadTotal: cache.unreadTotal(),
    drafts: cache.drafts(),
    mutedChatIds,
  }
}
