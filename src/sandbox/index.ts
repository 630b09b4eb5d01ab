// The Linq sandbox: a Linq-Partner-API-v2-compatible server on 127.0.0.1, with a seeded demo workspace,
// simulated customers, signed webhook deliveries and fault injection. The demo workspace runs on it; so do every test and benchmark.
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import multipart from '@fastify/multipart'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { createSimulation, type ActivityOptions } from './activity'
import type { SandboxContext } from './context'
import { sendError, sendStandardError, STANDARD_ERROR_OPERATIONS } from './errors'
import { createFaults, type AppliedFault, type FaultConfig } from './faults'
import { registerChatRoutes } from './routes/chats'
import { API, intParam } from './routes/common'
import { registerMessageRoutes } from './routes/messages'
import { registerOtherRoutes } from './routes/other'
import { registerWebhookSubscriptionRoutes } from './routes/webhook-subscriptions'
import { seededRandom } from './random'
import { absolutizeMediaUrls, seedWorkspace } from './seed'
import { SandboxState } from './state'
import { REACTION_TYPES, type ReactionType } from './types'
import { messageData } from './webhook-payloads'
import { createWebhookHub, type WebhookDeliveryOptions, type WebhookHub } from './webhooks'

export type { ActivityOptions } from './activity'
export type { FaultConfig, FaultRule } from './faults'
export type { SandboxState } from './state'
export type { DeliveryRecord, WebhookDeliveryOptions, WebhookStats } from './webhooks'

export interface SandboxOptions {
  /** 0 (default) picks a free port. The sandbox only ever listens on 127.0.0.1. */
  port?: number
  seed?: number
  /** Demo token; a random one by default. */
  token?: string
  now?: () => number
  faults?: FaultConfig
  /** Simulated customers; off unless given. */
  activity?: ActivityOptions | false
  /** Upload dir; a fresh temp dir (removed on close) by default. */
  dataDir?: string
  /** Smaller workspaces for fast tests. */
  chatCount?: number
  bigChatSize?: number
  /** Timeouts and retries of webhook deliveries (tests shorten them). */
  webhooks?: WebhookDeliveryOptions
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:54321 — clients append /api/partner/v2/… */
  baseUrl: string
  token: string
  state: SandboxState
  faults: { set(config: FaultConfig): void; clear(): void; get(): FaultConfig }
  activity: { start(options?: ActivityOptions): void; stop(): void; readonly running: boolean }
  simulate: {
    inboundMessage(
      chatId: number,
      options?: { text?: string },
    ): ReturnType<SandboxState['messagesOf']>[number]
    inboundReaction(messageId: number, type: ReactionType): unknown
    advanceDeliveries(): void
    /** typing_indicator.received now; .removed after durationMs or when the customer's message arrives. */
    customerTyping(chatId: number, options?: { durationMs?: number }): void
    stopTyping(chatId: number): void
    changeParticipant(chatId: number, phoneNumber: string, operation: 'add' | 'remove'): void
  }
  /** Deliveries to webhook subscriptions: counters, a log of attempts, replays. */
  webhooks: Pick<WebhookHub, 'stats' | 'log' | 'idle' | 'redeliver' | 'body'>
  close(): Promise<void>
}

declare module 'fastify' {
  interface FastifyContextConfig {
    operationId?: string
  }
  interface FastifyRequest {
    fault: AppliedFault | null
  }
}

const isLoopback = (address: string | undefined) =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now
  const token = options.token ?? `sandbox_${randomBytes(16).toString('hex')}`
  const ownDataDir = options.dataDir === undefined
  const uploadDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'linq-sandbox-')))
  const state = new SandboxState()
  seedWorkspace(state, {
    seed: options.seed ?? 1,
    now: now(),
    chatCount: options.chatCount ?? 60,
    bigChatSize: options.bigChatSize ?? 10_000,
  })
  const faults = createFaults(options.faults)
  const webhooks = createWebhookHub(state, now, seededRandom(options.seed ?? 1), options.webhooks)
  let baseUrl = ''
  const ctx: SandboxContext = {
    state,
    baseUrl: () => baseUrl,
    now,
    uploadDir,
    onOutbound: (chatId, message) => {
      const record = state.chats.get(chatId)
      if (record) webhooks.emit('message.sent', messageData(record, message))
      simulation.onOutbound(chatId, message)
    },
    emit: (eventType, data) => void webhooks.emit(eventType, data),
  }
  const simulation = createSimulation(ctx)

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true })
  await app.register(multipart, {
    limits: { fileSize: 512 * 1024 * 1024, files: 20, fields: 100, fieldSize: 1024 * 1024 },
  })
  app.decorateRequest('fault', null)

  const operationOf = (request: FastifyRequest) => request.routeOptions.config.operationId
  const errorFor = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) =>
    STANDARD_ERROR_OPERATIONS.has(operationOf(request) ?? '')
      ? sendStandardError(reply, status, message)
      : sendError(reply, status, message)

  app.addHook('onRequest', async (request, reply) => {
    const operationId = operationOf(request)
    if (!operationId) return
    state.countRequest(operationId)
    if (request.headers['x-linq-integration-token'] !== token) {
      return errorFor(request, reply, 401, 'Missing or invalid X-LINQ-INTEGRATION-TOKEN.')
    }
    const fault = faults.draw(operationId, request.method)
    request.fault = fault
    if (!fault) return
    if (fault.latencyMs > 0) await sleep(fault.latencyMs)
    if (fault.reset) {
      request.raw.socket.destroy()
      return reply.hijack()
    }
    if (fault.status) {
      if (fault.status === 429 || fault.status === 503) reply.header('Retry-After', fault.retryAfter)
      return errorFor(
        request,
        reply,
        fault.status,
        fault.status === 429 ? 'Rate limit exceeded.' : 'Injected server error.',
      )
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = request.fault
    if (!fault || fault.status) return payload
    if (fault.resetAfterProcessing) {
      request.raw.socket.destroy()
      return payload
    }
    let text = typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : null
    if (text === null) return payload
    if (fault.malformedJson) text = '<html><body>502 Bad Gateway</body></html>{"data":'
    else if (fault.truncateBody) text = text.slice(0, Math.floor(text.length / 2))
    if (fault.slowBodyMs > 0) {
      const pieces = 5
      const chunks = Array.from({ length: pieces }, (_, i) =>
        text!.slice((i * text!.length) / pieces, ((i + 1) * text!.length) / pieces),
      )
      reply.removeHeader('content-length')
      return Readable.from(
        (async function* () {
          for (const piece of chunks) {
            await sleep(fault.slowBodyMs / pieces)
            yield piece
          }
        })(),
      )
    }
    if (fault.truncateBody || fault.malformedJson) reply.header('content-length', Buffer.byteLength(text))
    return text
  })

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) return errorFor(request, reply, 500, 'Internal sandbox error.')
    const message =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'Unsupported content type.'
        : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
          ? 'The JSON body could not be parsed.'
          : 'The request could not be processed.'
    return errorFor(request, reply, status === 415 ? 415 : status === 413 ? 413 : 400, message)
  })
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, `No route for ${request.method} ${request.url.split('?')[0]}.`),
  )

  registerChatRoutes(app, ctx)
  registerMessageRoutes(app, ctx)
  registerOtherRoutes(app, ctx)
  registerWebhookSubscriptionRoutes(app, ctx)

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

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 })
  const address = app.server.address()
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`
  absolutizeMediaUrls(state, baseUrl)
  if (options.activity) simulation.start(options.activity)

  return {
    baseUrl,
    token,
    state,
    faults,
    activity: simulation,
    simulate: simulation,
    webhooks,
    async close() {
      simulation.stop()
      webhooks.close()
      await app.close()
      if (ownDataDir) await rm(uploadDir, { recursive: true, force: true })
    },
  }
}

export const SANDBOX_API_PREFIX = API
