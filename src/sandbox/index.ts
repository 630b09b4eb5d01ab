// The Linq sandbox: a Linq-Partner-API-v2-compatible server on 127.0.0.1, with a seeded demo workspace,
// simulated customers, signed webhook deliveries and fault injection. The demo workspace runs on it; so do
// every test and benchmark. The partner API's routes are in routes/, one file per part of the API;
// request-hooks.ts checks the token and injects faults; sandbox-routes.ts has its own endpoints.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import multipart from '@fastify/multipart'
import Fastify from 'fastify'
import { createSimulation, type ActivityOptions } from './activity'
import type { SandboxContext } from './context'
import { createFaults, type AppliedFault, type FaultConfig } from './faults'
import { seededRandom } from './random'
import { installRequestHooks } from './request-hooks'
import { registerAvailabilityRoutes } from './routes/availability'
import { registerChatActionRoutes } from './routes/chat-actions'
import { registerChatCreateRoutes } from './routes/chat-create'
import { registerChatRoutes } from './routes/chats'
import { registerContactRoutes } from './routes/contacts'
import { registerMessageRoutes } from './routes/messages'
import { API } from './routes/params'
import { registerPhoneNumberRoutes } from './routes/phone-numbers'
import { registerReactionRoutes } from './routes/reactions'
import { registerTypingRoutes } from './routes/typing'
import { registerWebhookSubscriptionRoutes } from './routes/webhook-subscriptions'
import { registerSandboxRoutes } from './sandbox-routes'
import { absolutizeMediaUrls, seedWorkspace } from './seed'
import { seedContacts, seedSmsOnly } from './seed-conversations'
import { SandboxState } from './state'
import type { ReactionType } from './types'
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
  /** Conversations: seed an address book (the demo workspace does; tests that count contacts do not). */
  contacts?: boolean
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
  seedSmsOnly(state)
  if (options.contacts) seedContacts(state, now())
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

  installRequestHooks(app, { state, token, faults })

  for (const register of [
    registerPhoneNumberRoutes,
    registerChatRoutes,
    registerChatActionRoutes,
    registerChatCreateRoutes,
    registerAvailabilityRoutes,
    registerTypingRoutes,
    registerMessageRoutes,
    registerReactionRoutes,
    registerContactRoutes,
    registerWebhookSubscriptionRoutes,
  ])
    register(app, ctx)

  registerSandboxRoutes(app, { state, faults, simulation })

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
