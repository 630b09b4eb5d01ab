// Conversations: the app's own typing indicator and contact card. Answered as Linq documents (201 / 204,
// no body); the typing calls are recorded in order (state.typingCalls) so tests can see when the app
// started and stopped, and a shared card arrives in the chat as a message from our number, as on a phone.
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { outboundMessage } from './messages'
import { API, chatOr404 } from './params'

/** Newest typing calls kept; older ones are dropped so a long demo does not grow without bound. */
const MAX_TYPING_CALLS = 1_000

export function registerTypingRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx
  for (const [method, path, operationId, display] of [
    ['POST', 'start_typing', 'startTypingIndicator', true],
    ['DELETE', 'stop_typing', 'stopTypingIndicator', false],
  ] as const) {
    app.route({
      method,
      url: `${API}/chats/:chat_id/${path}`,
      config: { operationId },
      handler: async (request, reply) => {
        const record = chatOr404(state, request.params, reply)
        if (!record) return reply
        state.typingCalls.push({ chatId: record.chat.id, display, at: ctx.now() })
        if (state.typingCalls.length > MAX_TYPING_CALLS) state.typingCalls.shift()
        return reply.code(display ? 201 : 204).send()
      },
    })
  }

  app.post(
    `${API}/chats/:chat_id/share_contact`,
    { config: { operationId: 'shareContactCard' } },
    async (request, reply) => {
      const record = chatOr404(state, request.params, reply)
      if (!record) return reply
      const card = outboundMessage(ctx, record, 'Contact card', [])
      state.addMessage(record.chat.id, card)
      ctx.onOutbound(record.chat.id, card)
      return reply.code(201).send()
    },
  )
}
