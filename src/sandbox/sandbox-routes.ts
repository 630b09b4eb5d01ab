// The sandbox's own endpoints, outside the partner API: attachment downloads (like Linq's download URLs,
// no token), and the admin endpoints tests and benchmarks drive (faults, customers, reactions, typing,
// deliveries), answered on loopback only.
import { createReadStream } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { ActivityOptions, createSimulation } from './activity'
import { sendError } from './errors'
import type { createFaults, FaultConfig } from './faults'
import { intParam } from './routes/params'
import type { SandboxState } from './state'
import { REACTION_TYPES, type ReactionType } from './types'

const isLoopback = (address: string | undefined) =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'

export function registerSandboxRoutes(
  app: FastifyInstance,
  options: {
    state: SandboxState
    faults: ReturnType<typeof createFaults>
    simulation: ReturnType<typeof createSimulation>
  },
): void {
  const { state, faults, simulation } = options
  // Attachment bytes, like Linq's download URLs: no token needed.
  app.get('/sandbox-media/:id/:filename', async (request, reply) => {
    const blob = state.media.get((request.params as { id: string }).id)
    if (!blob) return sendError(reply, 404, 'Attachment not found.')
    reply.header('content-type', blob.mimeType).header('content-length', blob.size)
    return blob.bytes ?? createReadStream(blob.path!)
  })

  // Admin endpoints (outside /api/partner): loopback only.
  app.register(async (admin) => {
    admin.addHook('onRequest', async (request, reply) => {
      if (!isLoopback(request.socket.remoteAddress)) return reply.code(403).send({ error: 'loopback only' })
    })
    admin.get('/__sandbox/faults', async () => faults.get())
    admin.put('/__sandbox/faults', async (request, reply) => {
      const config = request.body as FaultConfig
      if (!config || !Array.isArray(config.rules))
        return reply.code(422).send({ error: 'expected {rules: [...]}' })
      faults.set(config)
      return faults.get()
    })
    admin.delete('/__sandbox/faults', async (_request, reply) => {
      faults.clear()
      return reply.code(204).send()
    })
    admin.post('/__sandbox/activity', async (request) => {
      const input = (request.body ?? {}) as ActivityOptions & { enabled?: boolean }
      if (input.enabled === false) simulation.stop()
      else simulation.start(input)
      return { running: simulation.running }
    })
    admin.post('/__sandbox/inbound', async (request, reply) => {
      const input = (request.body ?? {}) as { chat_id?: unknown; text?: unknown }
      const chatId = intParam(input.chat_id)
      if (chatId === null || !state.chats.has(chatId)) return reply.code(404).send({ error: 'no such chat' })
      return {
        data: simulation.inboundMessage(chatId, {
          text: typeof input.text === 'string' ? input.text : undefined,
        }),
      }
    })
    admin.post('/__sandbox/react', async (request, reply) => {
      const input = (request.body ?? {}) as { message_id?: unknown; type?: unknown }
      const messageId = intParam(input.message_id)
      if (messageId === null || !state.findMessage(messageId))
        return reply.code(404).send({ error: 'no such message' })
      const type = REACTION_TYPES.includes(input.type as ReactionType) ? (input.type as ReactionType) : 'love'
      return { data: simulation.inboundReaction(messageId, type) }
    })
    admin.post('/__sandbox/typing', async (request, reply) => {
      const input = (request.body ?? {}) as { chat_id?: unknown; display?: unknown; duration_ms?: unknown }
      const chatId = intParam(input.chat_id)
      if (chatId === null || !state.chats.has(chatId)) return reply.code(404).send({ error: 'no such chat' })
      if (input.display === false) simulation.stopTyping(chatId)
      else
        simulation.customerTyping(chatId, {
          durationMs: typeof input.duration_ms === 'number' ? input.duration_ms : undefined,
        })
      return { ok: true }
    })
    admin.post('/__sandbox/advance', async () => {
      simulation.advanceDeliveries()
      return { ok: true }
    })
  })
}
