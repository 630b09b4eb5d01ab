// The search benchmarks' corpus: 50,000 messages across 1,000 chats made by the sandbox's own seeding code
// (the demo's texts, names, numbers and attachments), mapped to the app's model the way the API client does.
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

/** `total` messages across `chatCount` chats: the seed's chats, the first one sized to make up the total. */
export function searchCorpus(total = 50_000, chatCount = 1_000): SearchCorpus {
  // The other chats' sizes are drawn at random: seed once to learn them, then size the first chat to fit.
  const probe = new SandboxState()
  seedWorkspace(probe, { seed: 7, now: Date.parse('2026-12-01T12:00:00Z'), chatCount, bigChatSize: 0 })
  const others = [...probe.chats.values()].reduce((n, r) => n + r.messages.length, 0)
  const state = new SandboxState()
  const bigChatSize = Math.max(100, total - others + 200)
  seedWorkspace(state, { seed: 7, now: Date.parse('2026-12-01T12:00:00Z'), chatCount, bigChatSize })
  const ctx = { ownNumbers: new Set(state.phoneNumbers.map((p) => p.phone_number)) }
  const chats: Chat[] = []
  const messages = new Map<string, Message[]>()
  let count = 0
  for (const record of state.chats.values()) {
    const handles = record.chat.chat_handles.map((h) => ({ ...h, id: String(h.id) }))
    const wireChat = { ...record.chat, id: String(record.chat.id), chat_handles: handles }
    const chat = toChat(wireChat as unknown as WireChat, ctx)
    const wire = record.messages.map((m) => ({
      ...m,
      id: String(m.id),
      attachments: m.attachments.map((a) => ({ ...a, id: String(a.id) })),
      reactions: [],
    }))
    const mapped = wire.map((m) => toMessage(m as unknown as WireMessage, chat.id, ctx))
    chats.push(chat)
    messages.set(chat.id, mapped)
    count += mapped.length
  }
  // Trim the big chat's oldest so the total is exact.
  const big = messages.get(chats[0]!.id)!
  if (count > total) messages.set(chats[0]!.id, big.slice(count - total))
  return { chats, messages, total: Math.min(count, total) }
}
