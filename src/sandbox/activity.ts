// Simulated customers: they write in, type before they answer what the app sends, react, join and leave group
// chats, and the app's messages move from pending to delivered to read. Each of these sends its webhook. The
// timers are off by default (tests and benchmarks must be deterministic); the demo turns them on. Tests drive the
// same steps by hand through `simulate`. The steps themselves are customer-actions.ts; this file is when.
import type { SandboxContext } from './context'
import { createCustomerActions } from './customer-actions'
import { pick, seededRandom } from './random'
import { REACTION_TYPES, type WireChatMessage } from './types'

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

  const actions = createCustomerActions(ctx, { random: () => random(), later })
  const { inboundMessage, inboundReaction, markRead, customerTyping } = actions

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
    advanceDeliveries: actions.advanceDeliveries,
    customerTyping,
    stopTyping: actions.stopTyping,
    changeParticipant: actions.changeParticipant,
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
      actions.reset()
    },
    get running() {
      return options !== null
    },
  }
}

export type Simulation = ReturnType<typeof createSimulation>
