// What one does to a chat as a whole: mark it read, show or stop the typing indicator, share the contact
// card.
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

  // Accepted and answered as Linq does; the sandbox keeps no typing state for the app's own side.
  for (const [method, path, operationId, status] of [
    ['POST', 'start_typing', 'startTypingIndicator', 201],
    ['DELETE', 'stop_typing', 'stopTypingIndicator', 204],
    ['POST', 'share_contact', 'shareContactCard', 201],
  ] as const) {
    app.route({
      method,
      url: `${API}/chats/:chat_id/${path}`,
      config: { operationId },
      handler: async (request, reply) =>
        chatOr404(state, request.params, reply) ? reply.code(status).send() : reply,
    })
  }
}
