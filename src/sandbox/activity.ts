// Simulated customers: they write in, answer what the app sends, react, and the app's messages move from
// pending to delivered to read. Off by default (tests and benchmarks must be deterministic); the demo turns it on.
import type { SandboxContext } from './context'
import { pick, seededRandom } from './random'
import type { ChatRecord } from './state'
import { REACTION_TYPES, type ReactionType, type WireChatMessage, type WireReaction } from './types'

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

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timer.unref()
    timers.add(timer)
  }

  const customer = (record: ChatRecord) => record.chat.chat_handles.find((h) => h.id !== record.ownHandleId)

  const inboundMessage = (chatId: number, opts: { text?: string } = {}): WireChatMessage => {
    const record = state.chats.get(chatId)
    const from = record && customer(record)
    if (!record || !from) throw new Error(`no chat ${chatId} with a customer`)
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
    return reaction
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
        } else if (message.delivery_status === 'delivered' && !message.is_read) {
          message.is_read = true
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
    /** Called for each message the app sends. */
    onOutbound(chatId: number, message: WireChatMessage) {
      if (!options) return
      const o = options
      later(o.deliveryDelayMs, () => {
        if (message.delivery_status !== 'pending') return
        message.delivery_status = 'delivered'
        message.delivered_at = new Date(ctx.now()).toISOString()
        later(o.readDelayMs, () => (message.is_read = true))
      })
      const [min, max] = o.replyDelayMs
      later(min + random() * (max - min), () => {
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
    },
    get running() {
      return options !== null
    },
  }
}

export type Simulation = ReturnType<typeof createSimulation>
