// Conversations: finding the chat of one of our numbers with exactly some participants (findChat), and
// creating one with its first message (createChat), which returns the existing chat when there is one and
// the earlier message when the idempotency key was used before, as Linq documents.
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import type { ChatRecord, SandboxState } from '../state'
import type { WireChatHandle, WireChatMessage } from '../types'
import { onIMessage } from './availability'
import { outboundMessage } from './messages'
import { API, body, IDEMPOTENCY_KEY, normalizePhone } from './params'

/** The chat of our number `own` with exactly these participants (normalized), if there is one. */
function chatWith(state: SandboxState, own: string, participants: string[]): ChatRecord | undefined {
  const wanted = [...new Set(participants.map(normalizePhone))].sort().join('|')
  return [...state.chats.values()].find(
    (r) =>
      r.ownNumber === own &&
      r.chat.chat_handles
        .filter((h) => h.id !== r.ownHandleId)
        .map((h) => h.phone_number)
        .sort()
        .join('|') === wanted,
  )
}

interface CreateChatInput {
  sendFrom: string
  recipients: string[]
  displayName: string | null
  text: string
  key: string | undefined
}

/** createChat's body, checked; or the status and message to refuse it with. */
function readCreateChat(input: Record<string, unknown>): CreateChatInput | { status: number; error: string } {
  const chat = input.chat as Record<string, unknown> | undefined
  const message = input.message as Record<string, unknown> | undefined
  if (
    typeof input.send_from !== 'string' ||
    typeof chat !== 'object' ||
    chat === null ||
    typeof message !== 'object' ||
    message === null
  ) {
    return { status: 400, error: 'send_from, chat and message are required.' }
  }
  const recipients = chat.phone_numbers
  if (
    !Array.isArray(recipients) ||
    recipients.length === 0 ||
    !recipients.every((p) => typeof p === 'string' && p.trim())
  ) {
    return { status: 422, error: 'chat.phone_numbers must list at least one recipient.' }
  }
  if (typeof message.text !== 'string' || message.text.trim() === '')
    return { status: 422, error: 'message.text is required.' }
  const key = message.idempotency_key
  if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
    return { status: 422, error: 'message.idempotency_key may contain only letters, digits, - and _.' }
  }
  return {
    sendFrom: normalizePhone(input.send_from),
    recipients: [...new Set((recipients as string[]).map(normalizePhone))].sort(),
    displayName: typeof chat.display_name === 'string' && chat.display_name ? chat.display_name : null,
    text: message.text,
    key: key as string | undefined,
  }
}

/** A new chat of `sendFrom` with the recipients, every handle joined now. */
function newChat(ctx: SandboxContext, input: CreateChatInput): ChatRecord {
  const { state } = ctx
  const iso = new Date(ctx.now()).toISOString()
  // iMessage only when every recipient has it (as availability.ts answers), else SMS, as Linq falls back.
  const service = input.recipients.some((p) => !onIMessage(state, p)) ? 'SMS' : 'iMessage'
  const handle = (phone: string): WireChatHandle => ({
    id: state.nextId('handle'),
    phone_number: phone,
    service,
    joined_at: iso,
  })
  const ownHandle = handle(input.sendFrom)
  return state.addChat({
    chat: {
      id: state.nextId('chat'),
      display_name: input.displayName ?? input.recipients.join(', '),
      service,
      group: input.recipients.length > 1,
      chat_handles: [ownHandle, ...input.recipients.map(handle)],
    },
    ownNumber: input.sendFrom,
    ownHandleId: ownHandle.id,
  })
}

/** createChat's answer: the chat with its first message (as `chat_messages`, one object). */
function createdChat(record: ChatRecord, first: WireChatMessage) {
  const { id, display_name, service, group, chat_handles } = record.chat
  return {
    data: {
      id,
      display_name,
      service,
      group,
      chat_handles,
      chat_messages: {
        id: first.id,
        text: first.text,
        sent_at: first.sent_at,
        delivered_at: first.delivered_at,
        delivery_status: first.delivery_status === 'service_unavailable' ? 'pending' : first.delivery_status,
        is_read: first.is_read,
        attachments: first.attachments,
      },
    },
  }
}

export function registerChatCreateRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx

  app.post(`${API}/chats`, { config: { operationId: 'createChat' } }, async (request, reply) => {
    const input = readCreateChat(body(request))
    if ('error' in input) return sendError(reply, input.status, input.error)
    if (!state.phoneNumbers.some((p) => p.phone_number === input.sendFrom))
      return sendError(reply, 422, 'send_from is not one of your Linq numbers.')
    if (input.recipients.some((p) => state.phoneNumbers.some((own) => own.phone_number === p)))
      return sendError(reply, 422, 'chat.phone_numbers cannot include your own Linq number.')
    const record = chatWith(state, input.sendFrom, input.recipients) ?? newChat(ctx, input)
    const existing = input.key === undefined ? undefined : state.idempotency.get(input.key)
    let first = existing === undefined ? undefined : state.findMessage(existing)?.message
    if (!first) {
      first = outboundMessage(ctx, record, input.text, [])
      if (input.key !== undefined) state.idempotency.set(input.key, first.id)
      state.addMessage(record.chat.id, first)
      ctx.onOutbound(record.chat.id, first)
    }
    return reply.code(200).send(createdChat(record, first))
  })

  app.get(`${API}/chats/find`, { config: { operationId: 'findChat' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    const others = query['phone_numbers[]'] ?? query.phone_numbers
    const list = (Array.isArray(others) ? others : others === undefined ? [] : [others]).filter(
      (p): p is string => typeof p === 'string',
    )
    if (typeof query.phone_number !== 'string' || list.length === 0) {
      return sendError(reply, 400, 'phone_number and phone_numbers[] are required.')
    }
    const record = chatWith(state, normalizePhone(query.phone_number), list)
    return record ? { data: { chat: state.chatView(record) } } : { data: { chat: null, messages: [] } }
  })
}
