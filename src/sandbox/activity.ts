// Simulated customers: they write in, type before they answer what the app sends, react, join and leave group
// chats, and the app's messages move from pending to delivered to read. Each of these sends its webhook. The
// timers are off by default (tests and benchmarks must be deterministic); the demo turns them on. Tests drive the
// same steps by hand through `simulate`.
import type { SandboxContext } from './context'
import { pick, seededRandom } from './random'
import type { ChatRecord } from './state'
import { REACTION_TYPES, type ReactionType, type WireChatMessage, type WireReaction } from './types'
import { messageData, participantData, reactionData, readData, typingData } from './webhook-payloads'

export interface ActivityOptions {
  /** New inbound messages per minute across the workspace (default 2). */
  inboundPerMinute?: number
  /** Reply to an app message after a delay in this range, ms (default [3000, 8000]). */
  replyDelayMs?: [number, number]
  /** pending → delivered after (default 1500 ms). */
  deliveryDelayMs?: number
  /** delivered → read after (default 4000 ms). */
  readDelayMs?: number
  /** Chance a customer reacts to an app message (default 0.2). */
  reactProbability?: number
  /** A customer types for this long before a reply arrives (default 1500 ms). */
  typingLeadMs?: number
  seed?: number
}

const REPLIES = [
  'Thank you!',
  'Great, see you then.',
  'Perfect 👍',
  'Got it, thanks.',
  'Can you call me later?',
  'Awesome!',
]
const WALK_INS = [
  'Hi, is anyone available to help?',
  'Quick question about my order.',
  'Are you open on Sunday?',
  'Just sent the payment.',
  'Can I book for next week?',
]

export function createSimulation(ctx: SandboxContext) {
  const { state } = ctx
  const timers = new Set<NodeJS.Timeout>()
  let options: Required<Omit<ActivityOptions, 'seed'>> | null = null
  let random = seededRandom(1)
  let inboundTimer: NodeJS.Timeout | null = null
  const typing = new Set<number>()

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timer.unref()
    timers.add(timer)
  }

  const customer = (record: ChatRecord) => record.chat.chat_handles.find((h) => h.id !== record.ownHandleId)
  const chatOf = (chatId: number): ChatRecord => {
    const record = state.chats.get(chatId)
    if (!record) throw new Error(`no chat ${chatId}`)
    return record
  }

  const stopTyping = (chatId: number): void => {
    if (!typing.delete(chatId)) return
    ctx.emit('typing_indicator.removed', typingData(chatOf(chatId), false, ctx.now()))
  }

  /** A customer starts typing; the indicator goes away after `durationMs` or when their message arrives. */
  const customerTyping = (chatId: number, opts: { durationMs?: number } = {}): void => {
    const record = chatOf(chatId)
    if (!typing.has(chatId)) {
      typing.add(chatId)
      ctx.emit('typing_indicator.received', typingData(record, true, ctx.now()))
    }
    if (opts.durationMs !== undefined) later(opts.durationMs, () => stopTyping(chatId))
  }

  const inboundMessage = (chatId: number, opts: { text?: string } = {}): WireChatMessage => {
    const record = state.chats.get(chatId)
    const from = record && customer(record)
    if (!record || !from) throw new Error(`no chat ${chatId} with a customer`)
    stopTyping(chatId)
    const sentAt = Math.max(ctx.now(), (record.times[record.times.length - 1] ?? 0) + 1)
    const iso = new Date(sentAt).toISOString()
    const message: WireChatMessage = {
      id: state.nextId('message'),
      text: opts.text ?? pick(random, WALK_INS),
      sent_at: iso,
      delivered_at: iso,
      delivery_status: 'delivered',
      edited_at: null,
      is_read: false,
      sent_from: from.phone_number,
      chat_handle_id: from.id,
      attachments: [],
      reactions: [],
    }
    state.addMessage(chatId, message)
    ctx.emit('message.received', messageData(record, message))
    return message
  }

  const inboundReaction = (messageId: number, type: ReactionType): WireReaction => {
    const found = state.findMessage(messageId)
    const from = found && customer(found.record)
    if (!found || !from) throw new Error(`no message ${messageId}`)
    const iso = new Date(ctx.now()).toISOString()
    const reaction: WireReaction = {
      id: state.nextId('reaction'),
      chat_message_id: messageId,
      reaction: type,
      is_from_me: false,
      from_phone: from.phone_number,
      sent_at: iso,
      created_at: iso,
      updated_at: iso,
    }
    found.message.reactions.push(reaction)
    state.reactions.set(reaction.id, reaction)
    ctx.emit('reaction.received', reactionData(found.record, found.message, reaction))
    return reaction
  }

  /** The customer read one of the app's messages: a read receipt. */
  const markRead = (record: ChatRecord, message: WireChatMessage): void => {
    if (message.is_read) return
    message.is_read = true
    ctx.emit('message.read', readData(record, message, ctx.now()))
  }

  /** Someone joins or leaves a chat (a chat with more than one customer is a group). */
  const changeParticipant = (chatId: number, phoneNumber: string, operation: 'add' | 'remove'): void => {
    const record = chatOf(chatId)
    const handles = record.chat.chat_handles
    const present = handles.find((h) => h.phone_number === phoneNumber && h.id !== record.ownHandleId)
    if (operation === 'add' && !present) {
      const iso = new Date(ctx.now()).toISOString()
      handles.push({
        id: state.nextId('handle'),
        phone_number: phoneNumber,
        service: record.chat.service,
        joined_at: iso,
      })
    } else if (operation === 'remove' && present && handles.length > 2) {
      handles.splice(handles.indexOf(present), 1)
    } else return
    record.chat.group = handles.length > 2
    ctx.emit(
      operation === 'add' ? 'participant.added' : 'participant.removed',
      participantData(record, phoneNumber),
    )
  }

  /** One deterministic step for every app message: pending → delivered, delivered → read. */
  const advanceDeliveries = (): void => {
    const iso = new Date(ctx.now()).toISOString()
    for (const record of state.chats.values()) {
      for (const message of record.messages) {
        if (message.sent_from !== record.ownNumber) continue
        if (message.delivery_status === 'pending') {
          message.delivery_status = 'delivered'
          message.delivered_at = iso
        } else if (message.delivery_status === 'delivered') {
          markRead(record, message)
        }
      }
    }
  }

  const scheduleInbound = () => {
    if (!options || options.inboundPerMinute <= 0) return
    const mean = 60_000 / options.inboundPerMinute
    inboundTimer = setTimeout(
      () => {
        const chats = [...state.chats.values()].filter((r) => r.chat.id !== state.bigChatId)
        if (chats.length) inboundMessage(pick(random, chats).chat.id)
        scheduleInbound()
      },
      mean * (0.5 + random()),
    )
    inboundTimer.unref()
  }

  return {
    inboundMessage,
    inboundReaction,
    advanceDeliveries,
    customerTyping,
    stopTyping,
    changeParticipant,
    /** Called for each message the app sends. */
    onOutbound(chatId: number, message: WireChatMessage) {
      if (!options) return
      const o = options
      later(o.deliveryDelayMs, () => {
        if (message.delivery_status !== 'pending') return
        message.delivery_status = 'delivered'
        message.delivered_at = new Date(ctx.now()).toISOString()
        later(o.readDelayMs, () => {
          const found = state.findMessage(message.id)
          if (found) markRead(found.record, message)
        })
      })
      const [min, max] = o.replyDelayMs
      const replyAt = min + random() * (max - min)
      later(Math.max(0, replyAt - o.typingLeadMs), () => {
        if (state.chats.has(chatId)) customerTyping(chatId)
      })
      later(replyAt, () => {
        if (!state.chats.has(chatId)) return
        if (random() < o.reactProbability && state.findMessage(message.id)) {
          inboundReaction(message.id, pick(random, REACTION_TYPES))
        }
        inboundMessage(chatId, { text: pick(random, REPLIES) })
      })
    },
    start(next: ActivityOptions = {}) {
      this.stop()
      options = {
        inboundPerMinute: next.inboundPerMinute ?? 2,
        replyDelayMs: next.replyDelayMs ?? [3000, 8000],
        deliveryDelayMs: next.deliveryDelayMs ?? 1500,
        readDelayMs: next.readDelayMs ?? 4000,
        reactProbability: next.reactProbability ?? 0.2,
        typingLeadMs: next.typingLeadMs ?? 1500,
      }
      random = seededRandom(next.seed ?? 7)
      scheduleInbound()
    },
    stop() {
      options = null
      if (inboundTimer) clearTimeout(inboundTimer)
      inboundTimer = null
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      typing.clear()
    },
    get running() {
      return options !== null
    },
  }
}

export type Simulation = ReturnType<typeof createSimulation>
