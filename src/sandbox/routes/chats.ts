// Chats: listing a number's chats, finding the chat with given participants, reading one, and creating
// one with its first message (or returning the existing chat, as Linq does).
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import type { ChatRecord, SandboxState } from '../state'
import type { WireChatHandle, WireChatMessage } from '../types'
import { outboundMessage } from './messages'
import { API, body, chatOr404, IDEMPOTENCY_KEY, meta, normalizePhone, paging } from './params'

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
  const handle = (phone: string): WireChatHandle => ({
    id: state.nextId('handle'),
    phone_number: phone,
    service: 'iMessage',
    joined_at: iso,
  })
  const ownHandle = handle(input.sendFrom)
  return state.addChat({
    chat: {
      id: state.nextId('chat'),
      display_name: input.displayName ?? input.recipients.join(', '),
      service: 'iMessage',
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

export function registerChatRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx

  app.get(`${API}/chats`, { config: { operationId: 'listChats' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    if (typeof query.phone_number !== 'string' || query.phone_number.trim() === '') {
      return sendError(reply, 400, 'phone_number is required.')
    }
    const paged = paging(query, reply)
    if (!paged) return reply
    const number = normalizePhone(query.phone_number)
    const chats = [...state.chats.values()]
      .filter((r) => r.ownNumber === number)
      .sort((a, b) => state.lastActivity(b) - state.lastActivity(a) || b.chat.id - a.chat.id)
    const start = (paged.page - 1) * paged.perPage
    return {
      data: chats.slice(start, start + paged.perPage).map((r) => state.chatView(r)),
      meta: meta(paged.page, paged.perPage, chats.length),
    }
  })

  app.post(`${API}/chats`, { config: { operationId: 'createChat' } }, async (request, reply) => {
    const input = readCreateChat(body(request))
    if ('error' in input) return sendError(reply, input.status, input.error)
    if (!state.phoneNumbers.some((p) => p.phone_number === input.sendFrom))
      return sendError(reply, 422, 'send_from is not one of your Linq numbers.')
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

  app.get(`${API}/chats/:chat_id`, { config: { operationId: 'getChat' } }, async (request, reply) => {
    const record = chatOr404(state, request.params, reply)
    return record ? { data: state.chatView(record) } : reply
  })
}
