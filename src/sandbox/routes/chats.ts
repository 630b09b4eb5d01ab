import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import { timeRange, type ChatRecord } from '../state'
import type { WireChatHandle, WireChatMessage } from '../types'
import { API, body, intParam, meta, paging } from './common'

const IDEMPOTENCY_KEY = /^[a-zA-Z0-9_-]+$/

/** "2223334444" and "+12223334444" name the same US number. */
export function normalizePhone(value: string): string {
  const trimmed = value.trim()
  if (trimmed.includes('@')) return trimmed.toLowerCase()
  const digits = trimmed.replace(/[^\d]/g, '')
  if (digits.length === 10) return `+1${digits}`
  return `+${digits}`
}

export function registerChatRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx
  const chatOr404 = (raw: unknown, reply: Parameters<typeof sendError>[0]): ChatRecord | null => {
    const id = intParam(raw)
    const record = id === null ? undefined : state.chats.get(id)
    if (!record) {
      sendError(reply, 404, 'Chat not found.')
      return null
    }
    return record
  }

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
    const input = body(request)
    const chat = input.chat as Record<string, unknown> | undefined
    const message = input.message as Record<string, unknown> | undefined
    if (
      typeof input.send_from !== 'string' ||
      typeof chat !== 'object' ||
      chat === null ||
      typeof message !== 'object' ||
      message === null
    ) {
      return sendError(reply, 400, 'send_from, chat and message are required.')
    }
    const recipients = chat.phone_numbers
    if (
      !Array.isArray(recipients) ||
      recipients.length === 0 ||
      !recipients.every((p) => typeof p === 'string' && p.trim())
    ) {
      return sendError(reply, 422, 'chat.phone_numbers must list at least one recipient.')
    }
    if (typeof message.text !== 'string' || message.text.trim() === '')
      return sendError(reply, 422, 'message.text is required.')
    const key = message.idempotency_key
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      return sendError(reply, 422, 'message.idempotency_key may contain only letters, digits, - and _.')
    }
    const sendFrom = normalizePhone(input.send_from)
    const own = state.phoneNumbers.find((p) => p.phone_number === sendFrom)
    if (!own) return sendError(reply, 422, 'send_from is not one of your Linq numbers.')
    const wanted = [...new Set((recipients as string[]).map(normalizePhone))].sort()
    let record = [...state.chats.values()].find(
      (r) =>
        r.ownNumber === sendFrom &&
        r.chat.chat_handles
          .filter((h) => h.id !== r.ownHandleId)
          .map((h) => h.phone_number)
          .sort()
          .join('|') === wanted.join('|'),
    )
    const iso = new Date(ctx.now()).toISOString()
    if (!record) {
      const handle = (phone: string): WireChatHandle => ({
        id: state.nextId('handle'),
        phone_number: phone,
        service: 'iMessage',
        joined_at: iso,
      })
      const ownHandle = handle(sendFrom)
      record = state.addChat({
        chat: {
          id: state.nextId('chat'),
          display_name:
            typeof chat.display_name === 'string' && chat.display_name
              ? chat.display_name
              : wanted.join(', '),
          service: 'iMessage',
          group: wanted.length > 1,
          chat_handles: [ownHandle, ...wanted.map(handle)],
        },
        ownNumber: sendFrom,
        ownHandleId: ownHandle.id,
      })
    }
    const existing = typeof key === 'string' ? state.idempotency.get(key) : undefined
    let first = existing === undefined ? undefined : state.findMessage(existing)?.message
    if (!first) {
      first = outboundMessage(ctx, record, message.text, [])
      if (typeof key === 'string') state.idempotency.set(key, first.id)
      state.addMessage(record.chat.id, first)
      ctx.onOutbound(record.chat.id, first)
    }
    const { id, display_name, service, group, chat_handles } = record.chat
    return reply.code(200).send({
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
          delivery_status:
            first.delivery_status === 'service_unavailable' ? 'pending' : first.delivery_status,
          is_read: first.is_read,
          attachments: first.attachments,
        },
      },
    })
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
    const own = normalizePhone(query.phone_number)
    const wanted = [...new Set(list.map(normalizePhone))].sort().join('|')
    const record = [...state.chats.values()].find(
      (r) =>
        r.ownNumber === own &&
        r.chat.chat_handles
          .filter((h) => h.id !== r.ownHandleId)
          .map((h) => h.phone_number)
          .sort()
          .join('|') === wanted,
    )
    return record ? { data: { chat: state.chatView(record) } } : { data: { chat: null, messages: [] } }
  })

  app.get(`${API}/chats/:chat_id`, { config: { operationId: 'getChat' } }, async (request, reply) => {
    const record = chatOr404((request.params as Record<string, unknown>).chat_id, reply)
    return record ? { data: state.chatView(record) } : reply
  })

  app.put(
    `${API}/chats/:chat_id/mark_as_read`,
    { config: { operationId: 'markChatAsRead' } },
    async (request, reply) => {
      const record = chatOr404((request.params as Record<string, unknown>).chat_id, reply)
      if (!record) return reply
      for (const message of record.messages) message.is_read = true
      return reply.code(204).send()
    },
  )

  app.post(
    `${API}/chats/:chat_id/start_typing`,
    { config: { operationId: 'startTypingIndicator' } },
    async (request, reply) => {
      const record = chatOr404((request.params as Record<string, unknown>).chat_id, reply)
      return record ? reply.code(201).send() : reply
    },
  )

  app.delete(
    `${API}/chats/:chat_id/stop_typing`,
    { config: { operationId: 'stopTypingIndicator' } },
    async (request, reply) => {
      const record = chatOr404((request.params as Record<string, unknown>).chat_id, reply)
      return record ? reply.code(204).send() : reply
    },
  )

  app.post(
    `${API}/chats/:chat_id/share_contact`,
    { config: { operationId: 'shareContactCard' } },
    async (request, reply) => {
      const record = chatOr404((request.params as Record<string, unknown>).chat_id, reply)
      return record ? reply.code(201).send() : reply
    },
  )

  app.get(
    `${API}/chats/:chat_id/chat_messages`,
    { config: { operationId: 'listChatMessages' } },
    async (request, reply) => {
      const record = chatOr404((request.params as Record<string, unknown>).chat_id, reply)
      if (!record) return reply
      const query = request.query as Record<string, unknown>
      const paged = paging(query, reply)
      if (!paged) return reply
      const bound = (name: 'before' | 'after'): number | undefined | null => {
        const value = query[name]
        if (value === undefined) return undefined
        const time = typeof value === 'string' ? Date.parse(value) : NaN
        return Number.isNaN(time) ? null : time
      }
      const before = bound('before')
      const after = bound('after')
      if (before === null || after === null)
        return sendError(reply, 400, 'before and after must be ISO 8601 times.')
      const sort = query.sort ?? 'asc'
      if (sort !== 'asc' && sort !== 'desc') return sendError(reply, 400, 'sort must be asc or desc.')
      const [lo, hi] = timeRange(record.times, after, before)
      const total = hi - lo
      const skip = (paged.page - 1) * paged.perPage
      let data: WireChatMessage[]
      if (sort === 'asc') {
        data = record.messages.slice(Math.min(hi, lo + skip), Math.min(hi, lo + skip + paged.perPage))
      } else {
        data = record.messages
          .slice(Math.max(lo, hi - skip - paged.perPage), Math.max(lo, hi - skip))
          .reverse()
      }
      return { data, meta: meta(paged.page, paged.perPage, total) }
    },
  )
}

export function outboundMessage(
  ctx: SandboxContext,
  record: ChatRecord,
  text: string,
  attachments: WireChatMessage['attachments'],
): WireChatMessage {
  const sentAt = Math.max(ctx.now(), (record.times[record.times.length - 1] ?? 0) + 1)
  return {
    id: ctx.state.nextId('message'),
    text,
    sent_at: new Date(sentAt).toISOString(),
    delivered_at: null,
    delivery_status: 'pending',
    edited_at: null,
    is_read: false,
    sent_from: record.ownNumber,
    chat_handle_id: record.ownHandleId,
    attachments,
    reactions: [],
  }
}
