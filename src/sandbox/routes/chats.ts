// Chats: listing a number's chats and reading one. Finding and creating chats: chat-create.ts.
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import { API, chatOr404, meta, normalizePhone, paging } from './params'

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

  app.get(`${API}/chats/:chat_id`, { config: { operationId: 'getChat' } }, async (request, reply) => {
    const record = chatOr404(state, request.params, reply)
    return record ? { data: state.chatView(record) } : reply
  })
}
