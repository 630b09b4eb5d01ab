// What a simulated customer does, one step at a time, each with its webhook: writes in, types, reacts,
// reads the app's messages, joins or leaves a group; and the app's messages moving from pending to delivered
// to read. activity.ts runs these on timers; tests call them by hand through `simulate`.
import type { SandboxContext } from './context'
import { pick } from './random'
import type { ChatRecord } from './state'
import type { ReactionType, WireChatMessage, WireReaction } from './types'
import { messageData, participantData, reactionData, readData, typingData } from './webhook-payloads'

const WALK_INS = [
  'Hi, is anyone available to help?',
  'Quick question about my order.',
  'Are you open on Sunday?',
  'Just sent the payment.',
  'Can I book for next week?',
]

function chatOf(state: SandboxContext['state'], chatId: number): ChatRecord {
  const record = state.chats.get(chatId)
  if (!record) throw new Error(`no chat ${chatId}`)
  return record
}

/** Someone joins or leaves a chat (a chat with more than one customer is a group). */
export function changeParticipant(
  ctx: SandboxContext,
  chatId: number,
  phoneNumber: string,
  operation: 'add' | 'remove',
): void {
  const { state } = ctx
  const record = chatOf(state, chatId)
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

export function createCustomerActions(
  ctx: SandboxContext,
  clock: { random(): number; later(ms: number, fn: () => void): void },
) {
  const { state } = ctx
  const typing = new Set<number>()
  const random = () => clock.random()
  const later = clock.later

  const customer = (record: ChatRecord) => record.chat.chat_handles.find((h) => h.id !== record.ownHandleId)

  const stopTyping = (chatId: number): void => {
    if (!typing.delete(chatId)) return
    ctx.emit('typing_indicator.removed', typingData(chatOf(state, chatId), false, ctx.now()))
  }

  /** A customer starts typing; the indicator goes away after `durationMs` or when their message arrives. */
  const customerTyping = (chatId: number, opts: { durationMs?: number } = {}): void => {
    const record = chatOf(state, chatId)
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
    const reaction = state.addReaction(
      found.message,
      type,
      { isFromMe: false, phone: from.phone_number },
      ctx.now(),
    )
    ctx.emit('reaction.received', reactionData(found.record, found.message, reaction))
    return reaction
  }

  /** The customer read one of the app's messages: a read receipt. */
  const markRead = (record: ChatRecord, message: WireChatMessage): void => {
    if (message.is_read) return
    message.is_read = true
    ctx.emit('message.read', readData(record, message, ctx.now()))
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

  return {
    inboundMessage,
    inboundReaction,
    markRead,
    advanceDeliveries,
    customerTyping,
    stopTyping,
    changeParticipant: (chatId: number, phoneNumber: string, operation: 'add' | 'remove') =>
      changeParticipant(ctx, chatId, phoneNumber, operation),
    /** Forgets who is typing (the simulation stopped). */
    reset: () => typing.clear(),
  }
}

export type CustomerActions = ReturnType<typeof createCustomerActions>
