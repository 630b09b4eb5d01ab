// The sandbox's in-memory Linq organization. Each chat keeps its messages in thread order (send time, then id)
// with a parallel array of timestamps, so before/after filters are binary searches and a page is a slice.
import { compareMessageOrder } from '../shared/message-order'
import type {
  ReactionType,
  WireAttachment,
  WireChat,
  WireChatHandle,
  WireChatMessage,
  WireContact,
  WirePhoneNumber,
  WireReaction,
  WireWebhookSubscription,
} from './types'

export interface MediaBlob {
  id: string
  filename: string
  mimeType: string
  size: number
  /** Uploaded files live on disk; seeded ones in memory. */
  path?: string
  bytes?: Buffer
}

export interface ChatRecord {
  chat: Omit<WireChat, 'message_count'>
  /** The Linq number this chat belongs to. */
  ownNumber: string
  ownHandleId: number
  messages: WireChatMessage[]
  times: number[]
}

export class SandboxState {
  phoneNumbers: WirePhoneNumber[] = []
  readonly chats = new Map<number, ChatRecord>()
  readonly messageChat = new Map<number, number>()
  readonly reactions = new Map<number, WireReaction>()
  readonly idempotency = new Map<string, number>()
  readonly media = new Map<string, MediaBlob>()
  readonly contacts = new Map<number, WireContact>()
  readonly webhooks = new Map<number, WireWebhookSubscription>()
  /** Signing secrets by subscription id: write-only through the API, so kept apart from the records. */
  readonly webhookSecrets = new Map<number, string>()
  readonly requestCounts: Record<string, number> = {}
  /** Conversations: numbers that are not on iMessage (seed-conversations.ts). */
  readonly smsOnly = new Set<string>()
  /** Conversations: the app's typing indicator calls, in order (routes/typing.ts). */
  readonly typingCalls: { chatId: number; display: boolean; at: number }[] = []
  bigChatId = 0
  private ids = {
    chat: 1000,
    handle: 5000,
    message: 100_000,
    reaction: 900_000,
    contact: 300,
    webhook: 10,
    phone: 10,
  }

  nextId(kind: keyof SandboxState['ids']): number {
    return ++this.ids[kind]
  }

  countRequest(operationId: string): void {
    this.requestCounts[operationId] = (this.requestCounts[operationId] ?? 0) + 1
  }

  addChat(record: Omit<ChatRecord, 'messages' | 'times'>): ChatRecord {
    const full = { ...record, messages: [], times: [] }
    this.chats.set(record.chat.id, full)
    return full
  }

  chatView(record: ChatRecord): WireChat {
    return { ...record.chat, message_count: record.messages.length }
  }

  /** Inserts keeping the thread order, send time then id (appending is the common case). */
  addMessage(chatId: number, message: WireChatMessage): void {
    const record = this.chats.get(chatId)
    if (!record) throw new Error(`no chat ${chatId}`)
    const time = Date.parse(message.sent_at)
    let at = record.times.length
    const after = (i: number) =>
      compareMessageOrder(
        record.times[i] as number,
        (record.messages[i] as WireChatMessage).id,
        time,
        message.id,
      ) > 0
    while (at > 0 && after(at - 1)) at--
    record.messages.splice(at, 0, message)
    record.times.splice(at, 0, time)
    this.messageChat.set(message.id, chatId)
  }

  findMessage(messageId: number): { record: ChatRecord; message: WireChatMessage; index: number } | null {
    const chatId = this.messageChat.get(messageId)
    const record = chatId === undefined ? undefined : this.chats.get(chatId)
    if (!record) return null
    const index = record.messages.findIndex((m) => m.id === messageId)
    return index < 0 ? null : { record, message: record.messages[index] as WireChatMessage, index }
  }

  removeMessage(messageId: number): boolean {
    const found = this.findMessage(messageId)
    if (!found) return false
    found.record.messages.splice(found.index, 1)
    found.record.times.splice(found.index, 1)
    this.messageChat.delete(messageId)
    for (const reaction of found.message.reactions) this.reactions.delete(reaction.id)
    return true
  }

  /** Puts a reaction (ours, or a customer's from `fromPhone`) on a message and keeps it by id. */
  addReaction(
    message: WireChatMessage,
    type: ReactionType,
    from: { isFromMe: boolean; phone: string },
    now: number,
  ): WireReaction {
    const iso = new Date(now).toISOString()
    const reaction: WireReaction = {
      id: this.nextId('reaction'),
      chat_message_id: message.id,
      reaction: type,
      is_from_me: from.isFromMe,
      from_phone: from.phone,
      sent_at: iso,
      created_at: iso,
      updated_at: iso,
    }
    message.reactions.push(reaction)
    this.reactions.set(reaction.id, reaction)
    return reaction
  }

  /** Messages of a chat (for assertions in tests), oldest first. */
  messagesOf(chatId: number): WireChatMessage[] {
    return [...(this.chats.get(chatId)?.messages ?? [])]
  }

  lastActivity(record: ChatRecord): number {
    return record.times[record.times.length - 1] ?? 0
  }

  handle(record: ChatRecord, handleId: number): WireChatHandle | undefined {
    return record.chat.chat_handles.find((h) => h.id === handleId)
  }

  attachment(blob: MediaBlob, baseUrl: string): WireAttachment {
    return {
      id: blob.id,
      url: `${baseUrl}/sandbox-media/${blob.id}/${encodeURIComponent(blob.filename)}`,
      filename: blob.filename,
      mime_type: blob.mimeType,
      file_size: blob.size,
    }
  }
}

/** Index range [lo, hi) of times strictly after `after` and strictly before `before`. */
export function timeRange(times: number[], after?: number, before?: number): [number, number] {
  const lowerBound = (value: number, strict: boolean) => {
    let lo = 0
    let hi = times.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const t = times[mid] as number
      if (strict ? t <= value : t < value) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const lo = after === undefined ? 0 : lowerBound(after, true)
  const hi = before === undefined ? times.length : lowerBound(before, false)
  return [lo, Math.max(lo, hi)]
}
