// The relay's side of NATS: one connection that reconnects forever, the workspace's JetStream stream (created
// or brought up to date on every (re)connect), and publishes that wait for JetStream's acknowledgement. Linq's
// event_id goes in Nats-Msg-Id, so the stream's duplicate window drops Linq's redeliveries, even when they
// reach a different relay.
import { errorMessage } from '../shared/error-message'
import {
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { backoffStep } from '../main/services/async/backoff'
import { sleep } from '../main/services/async/delay'
import type { Logger } from '../main/services/log'
import { RELAY_INBOX_PREFIX, streamName, workspaceSubjects } from '../shared/relay-protocol'

export interface NatsCredentials {
  user?: string
  pass?: string
  token?: string
}

export interface PublisherOptions {
  servers: string[]
  credentials?: NatsCredentials
  workspace: string
  /** How long the stream keeps events (default 7 days). */
  maxAgeMs?: number
  /** Redeliveries of an event_id within this window are dropped (default 1 hour). */
  duplicateWindowMs?: number
  /** Stream replicas: 1 on a single server, 3 on a JetStream cluster (default 1). */
  replicas?: number
  /** How long a publish waits for JetStream's acknowledgement (default 4 s, well inside Linq's 10 s). */
  publishTimeoutMs?: number
  logger: Logger
}

export interface PublishResult {
  seq: number
  duplicate: boolean
}

export interface StreamHealth {
  name: string
  messages: number
  bytes: number
  first_seq: number
  last_seq: number
  consumers: number
}

const NS_PER_MS = 1_000_000
const RETRY_CONNECT_CAP_MS = 10_000

export function createPublisher(options: PublisherOptions) {
  const name = streamName(options.workspace)
  const publishTimeout = options.publishTimeoutMs ?? 4000
  let nc: NatsConnection | null = null
  let streamReady = false
  let lastError: string | null = null
  let closed = false

  const config: Partial<StreamConfig> & { name: string; subjects: string[] } = {
    name,
    subjects: [workspaceSubjects(options.workspace)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: (options.maxAgeMs ?? 7 * 24 * 3600_000) * NS_PER_MS,
    duplicate_window: (options.duplicateWindowMs ?? 3600_000) * NS_PER_MS,
    num_replicas: options.replicas ?? 1,
    max_msg_size: 1024 * 1024,
  }

  const ensureStream = async (connection: NatsConnection): Promise<void> => {
    const jsm = await jetstreamManager(connection, { checkAPI: false })
    try {
      const info = await jsm.streams.info(name)
      const { max_age, duplicate_window, subjects } = info.config
      if (
        max_age !== config.max_age ||
        duplicate_window !== config.duplicate_window ||
        subjects[0] !== config.subjects[0]
      )
        await jsm.streams.update(name, config)
    } catch (error) {
      if (!/stream not found/i.test(errorMessage(error))) throw error
      await jsm.streams.add(config)
      options.logger.info('relay: created stream', { stream: name })
    }
    streamReady = true
  }

  const watch = async (connection: NatsConnection): Promise<void> => {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        streamReady = false
        options.logger.warn('relay: NATS disconnected; webhooks get 503 until it is back')
      } else if (status.type === 'reconnect') {
        options.logger.info('relay: NATS reconnected')
        await ensureStream(connection).catch((error: unknown) => void (lastError = errorMessage(error)))
      }
    }
  }

  /** Connects (retrying with a capped backoff until it works or close() is called) and sets the stream up. */
  const start = async (): Promise<void> => {
    for (let attempt = 1; !closed; attempt++) {
      try {
        const connection = await connect({
          servers: options.servers,
          ...options.credentials,
          name: `linq-relay-${options.workspace}`,
          inboxPrefix: RELAY_INBOX_PREFIX,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
        })
        if (closed) return void (await connection.close())
        nc = connection
        void watch(connection)
        await ensureStream(connection)
        lastError = null
        options.logger.info('relay: NATS connected', { stream: name })
        return
      } catch (error) {
        lastError = errorMessage(error)
        options.logger.warn('relay: NATS not reachable yet', { error: lastError, attempt })
        await sleep(backoffStep(attempt + 1, { baseMs: 250, maxMs: RETRY_CONNECT_CAP_MS }))
      }
    }
  }

  return {
    start,
    streamName: name,
    /** Publishes one event's raw bytes; throws when NATS or JetStream cannot take it now. */
    async publish(subject: string, eventId: string, body: Uint8Array): Promise<PublishResult> {
      if (!nc || nc.isClosed() || !streamReady) throw new Error('NATS is not connected')
      const ack = await jetstream(nc, { timeout: publishTimeout }).publish(subject, body, {
        msgID: eventId,
        expect: { streamName: name },
      })
      return { seq: ack.seq, duplicate: ack.duplicate }
    },
    connected: () => nc !== null && !nc.isClosed() && streamReady,
    server: () => nc?.getServer() ?? null,
    lastError: () => lastError,
    async streamHealth(): Promise<StreamHealth | null> {
      // While disconnected a request would only wait for its timeout.
      if (!nc || nc.isClosed() || !streamReady) return null
      const info = await (await jetstreamManager(nc, { timeout: 2000, checkAPI: false })).streams.info(name)
      const { messages, bytes, first_seq, last_seq, consumer_count } = info.state
      return { name, messages, bytes, first_seq, last_seq, consumers: consumer_count }
    },
    async close(): Promise<void> {
      closed = true
      await nc?.drain().catch(() => undefined)
    },
  }
}

export type Publisher = ReturnType<typeof createPublisher>
