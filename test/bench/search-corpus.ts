// The search benchmarks' corpus: 50,000 messages across 1,000 chats made by the sandbox's own seeding code
// (the demo's texts, names, numbers and attachments), mapped to the app's model the way the API client does.
// Every chat stays within what the cache keeps (5,000 messages), so all 50,000 are cached.
import type { Chat, Message } from '../../src/shared/domain'
import { toChat, toMessage } from '../../src/main/services/linq-api/map'
import { seedWorkspace } from '../../src/sandbox/seed'
import { SandboxState } from '../../src/sandbox/state'

export interface SearchCorpus {
  chats: Chat[]
  messages: Map<string, Message[]>
  total: number
}

type WireMessage = Parameters<typeof toMessage>[0]
type WireChat = Parameters<typeof toChat>[0]

/**
 * `total` messages across `chatCount` chats: the demo seed's chats (its big chat at the cache's bound of 5,000),
 * topped up with the same chats' messages from further seeds until the total is reached.
 */
export function searchCorpus(total = 50_000, chatCount = 1_000): SearchCorpus {
  const now = Date.parse('2026-12-01T12:00:00Z')
  const chats: Chat[] = []
  const messages = new Map<string, Message[]>()
  let count = 0
  for (let seed = 7; count < total; seed++) {
    const state = new SandboxState()
    seedWorkspace(state, { seed, now, chatCount, bigChatSize: seed === 7 ? 5_000 : 0 })
    const ctx = { ownNumbers: new Set(state.phoneNumbers.map((p) => p.phone_number)) }
    let index = 0
    for (const record of state.chats.values()) {
      if (count >= total) break
      if (seed === 7) {
        const handles = record.chat.chat_handles.map((h) => ({ ...h, id: String(h.id) }))
        const wireChat = { ...record.chat, id: String(record.chat.id), chat_handles: handles }
        chats.push(toChat(wireChat as unknown as WireChat, ctx))
      }
      const chat = chats[index++]!
      const wire = record.messages.slice(0, total - count).map((m) => ({
        ...m,
        // Ids from later seeds would repeat the first one's.
        id: seed === 7 ? String(m.id) : `${seed}-${m.id}`,
        attachments: m.attachments.map((a) => ({ ...a, id: String(a.id) })),
        reactions: [],
      }))
      const mapped = wire.map((m) => toMessage(m as unknown as WireMessage, chat.id, ctx))
      messages.set(chat.id, [...(messages.get(chat.id) ?? []), ...mapped])
      count += mapped.length
    }
  }
  return { chats, messages, total: count }
}
