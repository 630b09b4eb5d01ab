// The desktop's reader of the team relay's stream (plain Node; wired into the app elsewhere). Each device has
// its own durable JetStream consumer, so after sleep, a restart or a network change it resumes after the last
// event it acknowledged. Events are handed over one at a time, in stream order, as RelayEvents; an event is
// acknowledged only once the handler has finished with it, and redeliveries of an event already applied are
// skipped (by event_id, through `applied`). Health says whether the app can lean on the relay right now. A
// jump in the stream's sequence means events this device never saw (they aged out while it was away): onGap
// runs before the next event, so the app catches up by asking Linq. The relay's heartbeats (relay-protocol.ts)
// are not events: they only say the relay is alive, and a relay silent too long is health 'failed'.
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type Consumer,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream'
import { connect, type Authenticator, type NatsConnection } from '@nats-io/transport-node'
import {
  deviceConsumerName,
  deviceInboxPrefix,
  parseEnvelope,
  RELAY_HEARTBEAT,
  RELAY_NAME,
  SILENT_AFTER_MS,
  streamName,
  workspaceSubjects,
} from '../../../shared/relay-protocol'
import { backoffDelay } from '../async/backoff'
import { capDelay, sleep } from '../async/delay'
import type { Logger } from '../log'
import { changeOf, type RelayEvent } from './changes'

export type { RelayChange, RelayEvent } from './changes'

/** Which event_ids were applied already. The default remembers the last 10,000 in memory. */
export interface AppliedLog {
  has(eventId: string): boolean
  add(eventId: string): void
}

export interface RelayConsumerOptions {
  servers: string[]
  credentials?: { user?: string; pass?: string; token?: string }
  /** Signs in another way (a .creds file's JWT and NKEY seed: credsAuthenticator). */
  authenticator?: Authenticator
  workspace: string
  deviceId: string
  /** Applies one event; it is acknowledged when this resolves, redelivered later when it throws. */
  onEvent(event: RelayEvent): Promise<void> | void
  /** Called whenever the health state changes. */
  onHealth?(health: RelayConsumerHealth): void
  /** Events were lost to this device (a gap in the stream's sequence); the next event waits for this. */
  onGap?(): Promise<void> | void
  applied?: AppliedLog
  /** More events than this waiting for the device means it is lagging (default 100). */
  lagThreshold?: number
  /** Unacknowledged events are redelivered after this (default 30 s); long handlers keep theirs alive. */
  ackWaitMs?: number
  /** A device away longer than this loses its consumer and starts afresh (default 14 days). */
  inactiveThresholdMs?: number
  /** stop() waits this long for a handler in progress before cutting the connection (default 5 s). */
  stopTimeoutMs?: number
  /** Nothing from the relay (heartbeat or event) for this long: it is counted as down (default SILENT_AFTER_MS). */
  silentAfterMs?: number
  logger?: Logger
}

export type RelayConsumerState = 'connecting' | 'connected' | 'lagging' | 'failed' | 'stopped'

export interface RelayConsumerHealth {
  state: RelayConsumerState
  /** Events not yet handled by this device (in the stream or fetched), as of the last event. */
  pending: number
  /** Stream sequence of the last event applied. */
  lastSeq: number
  applied: number
  /** Redeliveries of events already applied, skipped. */
  duplicates: number
  /** Events that were not Linq webhooks, dropped for good. */
  malformed: number
  /** Jumps in the stream's sequence: events gone before this device read them. */
  gaps: number
  error: string | null
}

export interface RelayConsumer {
  health(): RelayConsumerHealth
  /**
   * The machine woke: drops the connection (after a sleep it is probably dead without a FIN, which the client's
   * pings would take minutes to notice) and connects again now; the durable consumer resumes after the last
   * acknowledged event. Between attempts, the next one starts now.
   */
  reconnect(): void
  /** Stops consuming and closes the connection; unacknowledged events stay for the next start. */
  stop(): Promise<void>
}

const NS_PER_MS = 1_000_000
const RETRY_CAP_MS = 15_000
/** Reconnects and redeliveries after failures in a row: never a tight loop, never a wait past the cap. */
const RETRY_BACKOFF = { baseMs: 250, maxMs: RETRY_CAP_MS }
// Unref'd: a pending wait (a backoff, stop's grace period) never keeps the process alive.
const unrefSleep = (ms: number, signal?: AbortSignal) =>
  sleep(ms, signal, { ref: false }).catch(() => undefined)

export function memoryAppliedLog(limit = 10_000): AppliedLog {
  const ids = new Set<string>()
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.add(id)
      if (ids.size > limit) ids.delete(ids.values().next().value as string)
    },
  }
}

const FRESH_HEALTH: RelayConsumerHealth = {
  state: 'connecting',
  pending: 0,
  lastSeq: 0,
  applied: 0,
  duplicates: 0,
  malformed: 0,
  gaps: 0,
  error: null,
}

/** The Linq webhook an event carries, or why it is not one. */
function readEnvelope(message: JsMsg): ReturnType<typeof parseEnvelope> {
  try {
    return parseEnvelope(JSON.parse(new TextDecoder().decode(message.data)))
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
}

/**
 * Finds this device's durable consumer, or creates it to start at the newest event. `delivered`: the last
 * stream sequence it was given before (0 for a new consumer), so a gap on resuming shows.
 */
async function bindConsumer(
  connection: NatsConnection,
  where: { stream: string; name: string; ackWaitMs: number },
  options: RelayConsumerOptions,
): Promise<{ consumer: Consumer; delivered: number }> {
  const { stream, name, ackWaitMs } = where
  const jsm = await jetstreamManager(connection, { checkAPI: false })
  let delivered = 0
  try {
    delivered = (await jsm.consumers.info(stream, name)).delivered.stream_seq
  } catch (error) {
    if (!/consumer not found/i.test(String(error))) throw error
    await jsm.consumers.add(stream, {
      name,
      durable_name: name,
      filter_subject: workspaceSubjects(options.workspace),
      ack_policy: AckPolicy.Explicit,
      // A new device has just synced everything it needs; the stream is for what happens from now on.
      deliver_policy: DeliverPolicy.New,
      ack_wait: ackWaitMs * NS_PER_MS,
      max_ack_pending: 256,
      inactive_threshold: (options.inactiveThresholdMs ?? 14 * 24 * 3600_000) * NS_PER_MS,
    })
    options.logger?.info('team relay: created this device’s consumer', { consumer: name })
  }
  return { consumer: await jetstream(connection).consumers.get(stream, name), delivered }
}

/** Tells the server a long handler is still working, so its event is not redelivered meanwhile. */
function keepWorking(message: JsMsg, ackWaitMs: number, stopped: () => boolean): () => void {
  const timer = setInterval(
    () => {
      if (stopped()) return clearInterval(timer)
      try {
        message.working()
      } catch {
        // The connection is gone: the event is redelivered after its ack wait, and `applied` decides.
      }
    },
    capDelay(ackWaitMs / 3, { minMs: 1000 }),
  )
  return () => clearInterval(timer)
}

export function startRelayConsumer(options: RelayConsumerOptions): RelayConsumer {
  for (const [label, value] of [
    ['workspace', options.workspace],
    ['deviceId', options.deviceId],
  ] as const)
    if (!RELAY_NAME.test(value)) throw new Error(`${label}: 1-64 lowercase letters, digits, - or _`)
  const stream = streamName(options.workspace)
  const name = deviceConsumerName(options.deviceId)
  const applied = options.applied ?? memoryAppliedLog()
  const ackWaitMs = options.ackWaitMs ?? 30_000
  const health: RelayConsumerHealth = { ...FRESH_HEALTH }
  let stopped = false
  const stopping = new AbortController()
  let nc: NatsConnection | null = null
  let messages: ConsumerMessages | null = null
  let inFlight: Promise<void> = Promise.resolve()
  /** The wait between connection attempts, while there is one (reconnect cuts it short). */
  let waiting: AbortController | null = null
  /** The highest stream sequence seen, and whether a gap before it still needs onGap. */
  let highestSeq = 0
  let gapPending = false
  /** When the relay was last heard from (a new connection gives it a full silence period to speak). */
  let heardAt = Date.now()
  const silentAfterMs = options.silentAfterMs ?? SILENT_AFTER_MS

  const setState = (state: RelayConsumerState, error: string | null = health.error) => {
    const changed = state !== health.state || error !== health.error
    health.state = state
    health.error = error
    if (changed) options.onHealth?.({ ...health })
  }
  const caughtUpState = (): RelayConsumerState =>
    health.pending > (options.lagThreshold ?? 100) ? 'lagging' : 'connected'

  /** Notes a jump in the sequence and has onGap run (once, before this event) for it. */
  const catchUpGap = async (seq: number) => {
    if (highestSeq > 0 && seq > highestSeq + 1) {
      health.gaps++
      gapPending = true
      options.logger?.warn('team relay: events gone before this device read them', {
        from: highestSeq,
        to: seq,
      })
    }
    highestSeq = Math.max(highestSeq, seq)
    if (gapPending) await options.onGap?.()
    gapPending = false
  }

  const handle = async (message: JsMsg): Promise<void> => {
    try {
      await catchUpGap(message.seq)
    } catch (error) {
      setState(health.state, String(error))
      return message.nak(Math.round(backoffDelay(message.info.deliveryCount + 1, RETRY_BACKOFF)))
    }
    const envelope = readEnvelope(message)
    if (!envelope.ok) {
      health.malformed++
      options.logger?.warn('team relay: dropped an event that is not a Linq webhook', { seq: message.seq })
      return message.term()
    }
    const { event_id: eventId, event_type: eventType, created_at: createdAt } = envelope.envelope
    heardAt = Math.max(heardAt, Math.min(Date.now(), Date.parse(createdAt) || 0))
    const change = changeOf(envelope.envelope)
    if (eventType === RELAY_HEARTBEAT) {
      // Not an event to apply or remember: it only said the relay is alive.
    } else if (applied.has(eventId)) health.duplicates++
    else if (change) {
      const done = keepWorking(message, ackWaitMs, () => stopped)
      try {
        await options.onEvent({
          ...change,
          eventId,
          eventType: eventType as RelayEvent['eventType'],
          createdAt,
          seq: message.seq,
        })
      } catch (error) {
        options.logger?.warn('team relay: event handler failed; it comes back later', { seq: message.seq })
        setState(health.state, String(error))
        return message.nak(Math.round(backoffDelay(message.info.deliveryCount + 1, RETRY_BACKOFF)))
      } finally {
        done()
      }
      applied.add(eventId)
      health.applied++
      if (health.error) setState(health.state, null)
    }
    health.lastSeq = message.seq
    // Waiting in the stream, plus fetched but not handled yet.
    health.pending = message.info.pending + (messages?.getPending() ?? 0)
    // Not acknowledged in time (NATS went away): it is redelivered and `applied` skips it.
    await message.ackAck().catch(() => false)
    setState(caughtUpState(), null)
  }

  const watchConnection = async (connection: NatsConnection) => {
    // A reconnect asked for (reconnect()) is a connection in progress, not a failure, until a dial fails.
    let asked = false
    let dials = 0
    for await (const status of connection.status()) {
      if (status.type === 'forceReconnect') {
        asked = true
        dials = 0
        setState('connecting', null)
      } else if (status.type === 'reconnecting' && asked && ++dials > 1) asked = false
      if (!asked && (status.type === 'disconnect' || status.type === 'reconnecting'))
        setState('failed', 'disconnected from NATS')
      else if (status.type === 'reconnect') {
        asked = false
        setState(caughtUpState(), null)
      }
    }
  }

  const consumeOnce = async (): Promise<void> => {
    heardAt = Date.now()
    nc = await connect({
      servers: options.servers,
      ...options.credentials,
      ...(options.authenticator ? { authenticator: options.authenticator } : {}),
      name: `linq-desktop-${options.deviceId}`,
      inboxPrefix: deviceInboxPrefix(options.deviceId),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
    })
    void watchConnection(nc)
    const { consumer, delivered } = await bindConsumer(nc, { stream, name, ackWaitMs }, options)
    highestSeq = Math.max(highestSeq, delivered)
    // Ends the loop (and so rebinds) if the consumer or the stream disappears, e.g. after a long absence.
    messages = await consumer.consume({ max_messages: 64, expires: 10_000, abort_on_missing_resource: true })
    setState(caughtUpState(), null)
    for await (const message of messages) {
      if (stopped) break
      inFlight = handle(message)
      await inFlight
    }
  }

  const run = async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await consumeOnce()
        attempt = 0
      } catch (error) {
        if (!stopped) setState('failed', String(error))
      } finally {
        await nc?.close().catch(() => undefined)
      }
      if (stopped) break
      waiting = new AbortController()
      const delayMs = backoffDelay(attempt + 1, RETRY_BACKOFF)
      await unrefSleep(delayMs, AbortSignal.any([stopping.signal, waiting.signal]))
      waiting = null
    }
  }
  const running = run()
  // A relay that is down leaves NATS (and so this consumer) looking fine: its silence is what shows it.
  const watchdog = setInterval(
    () => {
      const silentFor = Date.now() - heardAt
      if ((health.state === 'connected' || health.state === 'lagging') && silentFor > silentAfterMs)
        setState('failed', `relay silent: nothing heard for ${Math.round(silentFor / 60_000)} min`)
    },
    capDelay(Math.min(silentAfterMs / 4, 30_000), { minMs: 50 }),
  )
  watchdog.unref()

  return {
    health: () => ({ ...health }),
    reconnect() {
      if (stopped) return
      // The sleep was not the relay's silence: it gets a full silence period from now.
      heardAt = Date.now()
      if (waiting) return waiting.abort()
      // Rejects when the connection is closed or closing: the loop is then about to connect anew anyway.
      nc?.reconnect().catch(() => undefined)
    },
    async stop() {
      if (stopped) return
      stopped = true
      stopping.abort()
      clearInterval(watchdog)
      const timeout = unrefSleep(options.stopTimeoutMs ?? 5000)
      await Promise.race([inFlight, timeout])
      // close() waits for the iterator, which a hung handler holds: bounded by the same timeout.
      await Promise.race([messages?.close().catch(() => undefined), timeout])
      await nc?.close().catch(() => undefined)
      // A handler that never finished keeps the loop waiting: its event was not acknowledged, so it comes
      // back to the next consumer of this device.
      await Promise.race([running, timeout])
      setState('stopped', null)
    },
  }
}
