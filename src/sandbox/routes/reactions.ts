// Reactions: adding or removing ours on a message (a reaction.sent webhook for a new one), and reading one.
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import { REACTION_TYPES, type ReactionType } from '../types'
import { reactionData } from '../webhook-payloads'
import { API, body, intParam } from './params'

export function registerReactionRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx

  app.post(
    `${API}/chat_messages/:chat_message_id/reactions`,
    { config: { operationId: 'reactToMessage' } },
    async (request, reply) => {
      const messageId = intParam((request.params as Record<string, unknown>).chat_message_id)
      const found = messageId === null ? null : state.findMessage(messageId)
      if (!found) return sendError(reply, 404, 'Message not found.')
      const { type, operation } = body(request)
      if (typeof type !== 'string' || !(REACTION_TYPES as readonly string[]).includes(type)) {
        return sendError(reply, 422, `type must be one of ${REACTION_TYPES.join(', ')}.`)
      }
      if (operation !== 'add' && operation !== 'remove')
        return sendError(reply, 422, 'operation must be add or remove.')
      const mine = found.message.reactions.find((r) => r.is_from_me && r.reaction === type)
      if (operation === 'remove') {
        if (!mine) return sendError(reply, 404, 'You have not given that reaction.')
        found.message.reactions = found.message.reactions.filter((r) => r !== mine)
        state.reactions.delete(mine.id)
        return reply.code(201).send({ data: mine })
      }
      if (mine) return reply.code(201).send({ data: mine })
      const reaction = state.addReaction(
        found.message,
        type as ReactionType,
        { isFromMe: true, phone: found.record.ownNumber },
        ctx.now(),
      )
      ctx.emit('reaction.sent', reactionData(found.record, found.message, reaction))
      return reply.code(201).send({ data: reaction })
    },
  )

  app.get(
    `${API}/chat_message_reactions/:reaction_id`,
    { config: { operationId: 'getChatMessageReaction' } },
    async (request, reply) => {
      const id = intParam((request.params as Record<string, unknown>).reaction_id)
      const reaction = id === null ? undefined : state.reactions.get(id)
      return reaction ? { data: reaction } : sendError(reply, 404, 'Reaction not found.')
    },
  )
}
