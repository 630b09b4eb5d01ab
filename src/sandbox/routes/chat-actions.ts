// What one does to a chat as a whole: mark it read. Typing and sharing the contact card: typing.ts.
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { API, chatOr404 } from './params'

export function registerChatActionRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx
  app.put(
    `${API}/chats/:chat_id/mark_as_read`,
    { config: { operationId: 'markChatAsRead' } },
    async (request, reply) => {
      const record = chatOr404(state, request.params, reply)
      if (!record) return reply
      for (const message of record.messages) message.is_read = true
      return reply.code(204).send()
    },
  )
}
