// The relay's HTTP side: Linq POSTs webhooks to WEBHOOK_PATH; each is checked (signature over the raw bytes,
// envelope, event type), given the chat's newest messages when a sharer is set (share.ts: fetched once here so
// no desktop has to, in a bounded time), and published once to JetStream before the 200 goes back, so an
// answered event is stored. Anything refused is counted by reason. Logs name event types and ids, never
// bodies or secrets.
import { errorMessage } from '../shared/error-message'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import type { Logger } from '../main/services/log'
import {
  eventSubject,
  isWebhookEventType,
  parseEnvelope,
  SHARED_FIELD,
  type WebhookEnvelope,
} from '../shared/relay-protocol'
import type { Publisher, StreamHealth } from './publisher'
import type { Sharer } from './share'
import { verifySignature } from './signature'

export const WEBHOOK_PATH = '/linq/webhooks'
export const HEALTH_PATH = '/health'

export interface RelayCounts {
  /** Every POST to the webhook path. */
  received: number
  /** Stored in the stream for the first time. */
  published: number
  /** Redeliveries of an event_id the stream already holds (JetStream's duplicate window). */
  duplicates: number
  refusedBadSignature: number
  refusedMalformed: number
  /** Well-formed events of a type this relay does not know: answered 200 (so Linq stops retrying), not published. */
  unknownEventType: number
  /** NATS could not take the event; answered 503 so Linq retries later. */
  publishFailed: number
  /** Published with Linq's answer for the chat's newest messages (fetched once for every desktop). */
  shared: number
  /** Events that would have been shared but went out without (fetch failed or too slow, busy, too large). */
  shareFailed: number
}

export interface RelayHealth {
  status: 'ok' | 'degraded'
  workspace: string
  nats: { connected: boolean; server: string | null; lastError: string | null }
  stream: StreamHealth | null
  counts: RelayCounts
}

export interface RelayServerOptions {
  publisher: Publisher
  workspace: string
  /** When set, every webhook must carry a valid X-Webhook-Signature. */
  secret?: string
  /** Fetches the chat's newest messages once per event for the desktops (none: events go out as they came). */
  sharer?: Sharer
  logger: Logger
}

const BODY_LIMIT = 1024 * 1024

export function createRelayServer(options: RelayServerOptions) {
  const { publisher, workspace, logger } = options
  const counts: RelayCounts = {
    received: 0,
    published: 0,
    duplicates: 0,
    refusedBadSignature: 0,
    refusedMalformed: 0,
    unknownEventType: 0,
    publishFailed: 0,
    shared: 0,
    shareFailed: 0,
  }
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: BODY_LIMIT })
  // The signature covers the exact bytes Linq sent: keep them as they came, whatever the content type.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

  const refuse = (reply: FastifyReply, status: number, reason: string) => {
    logger.info('relay: webhook refused', { status, reason })
    return reply.code(status).send({ error: reason })
  }

  // Counted before the body is read, so a body refused by Fastify itself (too large) is counted too.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST' && request.url.split('?')[0] === WEBHOOK_PATH) counts.received++
  })

  app.post(WEBHOOK_PATH, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    if (options.secret !== undefined) {
      const header = request.headers['x-webhook-signature']
      if (!verifySignature(options.secret, raw, typeof header === 'string' ? header : undefined)) {
        counts.refusedBadSignature++
        return refuse(reply, 401, 'missing or wrong X-Webhook-Signature')
      }
    }
    let json: unknown
    try {
      json = JSON.parse(raw.toString('utf8'))
    } catch {
      counts.refusedMalformed++
      return refuse(reply, 400, 'body is not JSON')
    }
    const parsed = parseEnvelope(json)
    if (!parsed.ok) {
      counts.refusedMalformed++
      return refuse(reply, 400, `not a Linq v2 webhook (${parsed.reason})`)
    }
    const { event_id: eventId, event_type: eventType } = parsed.envelope
    if (!isWebhookEventType(eventType)) {
      counts.unknownEventType++
      logger.warn('relay: unknown event type ignored', {
        event_type: eventType.slice(0, 100),
        event_id: eventId,
      })
      return reply.code(200).send({ ignored: 'unknown event type' })
    }
    // NATS down: answer at once (Linq retries), without spending a fetch on an event that cannot be stored.
    if (!publisher.connected()) return unavailable(reply, eventId, eventType, 'NATS is not connected')
    const body = await shareable(parsed.envelope, raw)
    try {
      const result = await publisher.publish(eventSubject(workspace, parsed.envelope), eventId, body)
      options.sharer?.stored(eventId)
      if (result.duplicate) counts.duplicates++
      else counts.published++
      logger.debug('relay: event stored', { event_type: eventType, event_id: eventId, seq: result.seq })
      return reply.code(200).send({ seq: result.seq, duplicate: result.duplicate })
    } catch (error) {
      return unavailable(reply, eventId, eventType, errorMessage(error))
    }
  })

  const unavailable = (reply: FastifyReply, eventId: string, eventType: string, error: string) => {
    counts.publishFailed++
    logger.warn('relay: publish failed', { event_type: eventType, event_id: eventId, error })
    return reply.code(503).header('Retry-After', '5').send({ error: 'event store unavailable, retry later' })
  }

  /** The bytes to publish: Linq's webhook as it came, or with the chat's newest messages added. */
  const shareable = async (envelope: WebhookEnvelope, raw: Buffer): Promise<Uint8Array> => {
    const outcome = options.sharer ? await options.sharer.share(envelope) : null
    if (outcome?.shared) {
      counts.shared++
      return outcome.body
    }
    if (outcome && outcome.reason !== 'not-shared-type' && outcome.reason !== 'redelivery')
      counts.shareFailed++
    // Only the relay writes SHARED_FIELD: one that came over HTTP is dropped, so no sender feeds desktops' caches.
    if (!(SHARED_FIELD in envelope)) return raw
    const { [SHARED_FIELD]: _dropped, ...linqOnly } = envelope
    return Buffer.from(JSON.stringify(linqOnly))
  }

  const health = async (): Promise<RelayHealth> => {
    const stream = await publisher.streamHealth().catch(() => null)
    const connected = publisher.connected()
    return {
      status: connected && stream ? 'ok' : 'degraded',
      workspace,
      nats: { connected, server: publisher.server(), lastError: publisher.lastError() },
      stream,
      counts: { ...counts },
    }
  }
  app.get(HEALTH_PATH, async (_request, reply) => {
    const report = await health()
    return reply.code(report.status === 'ok' ? 200 : 503).send(report)
  })

  // Errors before the handler (a body over the limit, a broken stream) are malformed input too.
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    if (request.url.split('?')[0] === WEBHOOK_PATH) counts.refusedMalformed++
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500
    return refuse(reply, status, status === 413 ? 'body too large' : 'request could not be read')
  })

  return { app, counts: (): RelayCounts => ({ ...counts }), health }
}
