// The team relay: Linq webhooks in over HTTP, each event stored once in the workspace's JetStream stream,
// every desktop of the workspace reading the stream through its own durable consumer
// (src/main/services/team-relay). Started by `npm run relay` (cli.ts) and by the tests.
import type { Logger } from '../main/services/log'
import { randomUUID } from 'node:crypto'
import { errorMessage } from '../shared/error-message'
import { eventSubject, HEARTBEAT_MS, heartbeatEnvelope, RELAY_NAME } from '../shared/relay-protocol'
import { createPublisher, type NatsCredentials } from './publisher'
import { createSharer } from './share'
import { createRelayServer, WEBHOOK_PATH, type RelayCounts, type RelayHealth } from './server'

export { WEBHOOK_PATH, HEALTH_PATH, type RelayCounts, type RelayHealth } from './server'
export type { NatsCredentials } from './publisher'

export interface RelayOptions {
  workspace: string
  nats: { servers: string[]; credentials?: NatsCredentials }
  /** Verify X-Webhook-Signature with this secret (strongly advised outside a test). */
  secret?: string
  /** Listen address; the default 127.0.0.1 suits a relay behind a TLS-terminating proxy. */
  host?: string
  /** 0 picks a free port. */
  port?: number
  maxAgeMs?: number
  duplicateWindowMs?: number
  replicas?: number
  publishTimeoutMs?: number
  /**
   * Linq's API for the relay itself: with it, an event in a chat's newest messages is published with the chat's
   * newest page, fetched once here, so desktops need not ask Linq (share.ts). Without it, desktops pull.
   */
  linq?: { baseUrl: string; token: string; fetchTimeoutMs?: number; fetch?: typeof fetch }
  /** How often the relay tells desktops it is alive (default HEARTBEAT_MS; tests shorten it). */
  heartbeatMs?: number
  logger: Logger
}

export interface Relay {
  /** e.g. http://127.0.0.1:8787 */
  url: string
  webhookUrl: string
  health(): Promise<RelayHealth>
  counts(): RelayCounts
  close(): Promise<void>
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  if (!RELAY_NAME.test(options.workspace))
    throw new Error('workspace: use 1-64 lowercase letters, digits, - or _ (it becomes a NATS subject token)')
  if (options.secret !== undefined) options.logger.addSecret(options.secret)
  const publisher = createPublisher({
    servers: options.nats.servers,
    credentials: options.nats.credentials,
    workspace: options.workspace,
    maxAgeMs: options.maxAgeMs,
    duplicateWindowMs: options.duplicateWindowMs,
    replicas: options.replicas,
    publishTimeoutMs: options.publishTimeoutMs,
    logger: options.logger,
  })
  const server = createRelayServer({
    publisher,
    workspace: options.workspace,
    secret: options.secret,
    sharer: options.linq
      ? createSharer({
          linq: options.linq,
          timeoutMs: options.linq.fetchTimeoutMs,
          logger: options.logger,
        })
      : undefined,
    logger: options.logger,
  })
  // HTTP comes up at once: while NATS is unreachable webhooks get 503 and Linq retries them.
  void publisher.start()
  const heartbeat = setInterval(() => {
    if (!publisher.connected()) return
    const envelope = heartbeatEnvelope(new Date(), `relay-${randomUUID()}`)
    const body = Buffer.from(JSON.stringify(envelope))
    publisher
      .publish(eventSubject(options.workspace, envelope), envelope.event_id, body)
      .catch((error: unknown) =>
        options.logger.warn('relay: heartbeat not published', { error: errorMessage(error) }),
      )
  }, options.heartbeatMs ?? HEARTBEAT_MS)
  heartbeat.unref()
  await server.app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
  const address = server.app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`
  return {
    url,
    webhookUrl: `${url}${WEBHOOK_PATH}`,
    health: server.health,
    counts: server.counts,
    async close() {
      clearInterval(heartbeat)
      await server.app.close()
      await publisher.close()
    },
  }
}
