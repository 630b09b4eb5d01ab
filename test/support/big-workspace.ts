// A big workspace's cache on disk, for the cold-start bench and tests: the sandbox's seeded workspace grown
// to `chats` chats and `messages` messages (its own seeding code, topped up with customers' messages), read
// through the real Linq client and written by the real cache, as a first sync would leave it.
import { createWorkspaceCache } from '../../src/main/services/cache/cache'
import { confEngine } from '../../src/main/services/cache/engine'
import { createLinqClient } from '../../src/main/services/linq-api'
import { createLogger } from '../../src/main/services/log'
import type { Chat } from '../../src/shared/domain'
import { startSandbox } from '../../src/sandbox'

export interface BigWorkspace {
  bigChatId: string
  /** Messages of the big chat on the server. */
  bigChat: number
  chats: number
  /** Messages on the server; the cache keeps at most its per-chat bound of each chat. */
  messages: number
  cachedMessages: number
}

export async function writeBigWorkspaceCache(
  dir: string,
  size: { chats: number; messages: number; bigChat: number } = {
    chats: 1_000,
    messages: 50_000,
    bigChat: 10_000,
  },
): Promise<BigWorkspace> {
  const sandbox = await startSandbox({ chatCount: size.chats, bigChatSize: size.bigChat, activity: false })
  try {
    const ids = [...sandbox.state.chats.keys()]
    let total = ids.reduce((n, id) => n + sandbox.state.messagesOf(id).length, 0)
    for (let i = 0; total < size.messages; i++, total++) {
      const id = ids[i % ids.length]!
      if (id !== sandbox.state.bigChatId) sandbox.simulate.inboundMessage(id, { text: `reply ${i}` })
      else total--
    }
    const client = createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token })
    const numbers = await client.listPhoneNumbers()
    const chats: Chat[] = []
    for (const number of numbers) {
      for (let page = 1; ; page++) {
        const result = await client.listChats(number.number, { page, perPage: 100 })
        chats.push(...result.items)
        if (page >= result.totalPages || result.items.length === 0) break
      }
    }
    const cache = createWorkspaceCache({
      dir,
      engine: confEngine,
      logger: createLogger({ console: false }),
      attachmentSummary: (m) => (m.attachments.length > 0 ? 'Attachment' : null),
    })
    cache.setPhoneNumbers(numbers)
    cache.putChats(chats)
    const history = await client.backfillChats(
      chats.map((c) => c.id),
      { perPage: 100, pagesPerChat: 50 },
    )
    let cachedMessages = 0
    for (const [chatId, messages] of history) {
      cache.upsertMessages(chatId, messages)
      cache.setMeta(chatId, { syncedCount: messages.length, hasOlder: false })
      cachedMessages += cache.messages(chatId).length
    }
    cache.close()
    return {
      bigChatId: String(sandbox.state.bigChatId),
      bigChat: sandbox.state.messagesOf(sandbox.state.bigChatId).length,
      chats: chats.length,
      messages: total,
      cachedMessages,
    }
  } finally {
    await sandbox.close()
  }
}
