// One round over the chat list: numbers, then every chat of every number, then the chats whose message
// count moved since they were last pulled (the open chat first), then the history of chats never seen.
import type { Chat } from '../../../shared/domain'
import { forEachConcurrently } from '../async/pool'
import type { WorkspaceCache } from '../cache/cache'
import type { LinqClient } from '../linq-api'
import type { ChatPulls } from './chat-pull'
import type { MessageWrites } from './writes'

export type ListClient = Pick<LinqClient, 'listPhoneNumbers' | 'listChats'>

export async function pullChatList(options: {
  client: ListClient
  cache: WorkspaceCache
  writes: MessageWrites
  pulls: ChatPulls
  activeChatId: string | null
  concurrency: number
}): Promise<void> {
  const { client, cache, pulls, activeChatId } = options
  const numbers = await client.listPhoneNumbers()
  cache.setPhoneNumbers(numbers)
  const listed: Chat[] = []
  for (const number of numbers) {
    for (let page = 1; ; page++) {
      const result = await client.listChats(number.number, { page, perPage: 100 })
      listed.push(...result.items)
      if (page >= result.totalPages) break
    }
  }
  const listedIds = new Set(listed.map((c) => c.id))
  const removedIds = cache
    .chats()
    .map((c) => c.id)
    .filter((id) => !listedIds.has(id))
  options.writes.putChats(listed, removedIds)

  const neverSynced: string[] = []
  const moved: string[] = []
  for (const chat of listed) {
    const meta = cache.meta(chat.id)
    if (meta.syncedCount === null && cache.messages(chat.id).length === 0) neverSynced.push(chat.id)
    else if (meta.syncedCount !== chat.messageCount) moved.push(chat.id)
  }
  const openFirst = (ids: string[]) =>
    activeChatId && ids.includes(activeChatId)
      ? [activeChatId, ...ids.filter((id) => id !== activeChatId)]
      : ids
  await forEachConcurrently(openFirst(moved), options.concurrency, pulls.pullChat)
  if (neverSynced.length > 0) await pulls.backfill(openFirst(neverSynced))
}
