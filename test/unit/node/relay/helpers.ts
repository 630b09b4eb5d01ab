// The team-relay chain for tests, all of it real: the sandbox delivering signed webhooks, the relay, and
// Debian's nats-server with JetStream on a temp dir.
import { createHmac } from 'node:crypto'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { createLogger, type Logger } from '../../../../src/main/services/log'
import { startRelay, type Relay } from '../../../../src/relay'
import type { Sandbox } from '../../../../src/sandbox'
import { WEBHOOK_EVENT_TYPES, streamName } from '../../../../src/shared/relay-protocol'
import { startNatsServer, type NatsServerHandle } from '../../../support/nats-server'
import { small } from '../sandbox/helpers'

export interface Chain {
  nats: NatsServerHandle
  relay: Relay
  sandbox: Sandbox
  /** Every line the relay logged. */
  logLines: string[]
  /** Requests the relay itself made to the sandbox's API (its shared fetches), as opposed to desktops'. */
  relayRequests(): number
  dispose(): Promise<void>
}

export const SECRET = 'relay-test-secret-9f2c'

export function quietLogger(lines: string[] = []): Logger {
  return createLogger({ console: false, level: 'debug', sink: (line) => lines.push(line) })
}

export const sign = (body: string | Buffer, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

export async function startChain(
  options: {
    workspace?: string
    secret?: string | null
    nats?: NatsServerHandle
    credentials?: { user: string; pass: string }
    /** The relay fetches each message event's chat from the sandbox and shares the answer (share.ts). */
    share?: { fetchTimeoutMs?: number }
    /** The relay's heartbeat interval (default: its own, far longer than a test). */
    heartbeatMs?: number
  } = {},
): Promise<Chain> {
  const secret = options.secret === null ? undefined : (options.secret ?? SECRET)
  const nats = options.nats ?? (await startNatsServer())
  const logLines: string[] = []
  // Fast retries, and enough of them to outlast a nats-server restart.
  const sandbox = await small({
    webhooks: { retryBaseMs: 50, retryCapMs: 400, timeoutMs: 5000, maxAttempts: 40 },
  })
  let relayRequests = 0
  const countingFetch: typeof fetch = (input, init) => {
    relayRequests++
    return fetch(input, init)
  }
  const relay = await startRelay({
    workspace: options.workspace ?? 'acme',
    nats: { servers: [nats.url], credentials: options.credentials },
    secret,
    publishTimeoutMs: 1500,
    heartbeatMs: options.heartbeatMs,
    linq: options.share && {
      baseUrl: sandbox.baseUrl,
      token: sandbox.token,
      fetch: countingFetch,
      ...options.share,
    },
    logger: quietLogger(logLines),
  })
  const response = await fetch(`${sandbox.baseUrl}/api/partner/v2/webhook_subscriptions`, {
    method: 'POST',
    headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token, 'content-type': 'application/json' },
    body: JSON.stringify({
      webhook_subscription: {
        webhook_url: relay.webhookUrl,
        version: 2,
        events: WEBHOOK_EVENT_TYPES,
        secret,
      },
    }),
  })
  if (response.status !== 201) throw new Error(`subscription: ${response.status}`)
  await waitFor(async () => (await relay.health()).status === 'ok')
  return {
    nats,
    relay,
    sandbox,
    logLines,
    relayRequests: () => relayRequests,
    async dispose() {
      await sandbox.close()
      await relay.close()
      if (!options.nats) await nats.dispose()
    },
  }
}

export interface StoredEvent {
  seq: number
  subject: string
  msgId: string | undefined
  body: string
}

/** Everything in the workspace's stream, read back through the JetStream API. */
export async function storedEvents(natsUrl: string, workspace = 'acme'): Promise<StoredEvent[]> {
  const nc = await connect({ servers: natsUrl })
  try {
    const jsm = await jetstreamManager(nc)
    const name = streamName(workspace)
    const { state } = await jsm.streams.info(name)
    const events: StoredEvent[] = []
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(name, { seq })
      if (!message) continue
      events.push({
        seq,
        subject: message.subject,
        msgId: message.header.get('Nats-Msg-Id') || undefined,
        body: new TextDecoder().decode(message.data),
      })
    }
    return events
  } finally {
    await nc.close()
  }
}

/** Another relay on the chain's nats-server (after its own was closed), running while `during` runs. */
export async function withSecondRelay(c: Chain, heartbeatMs: number, during: () => Promise<void>) {
  const again = await startRelay({
    workspace: 'acme',
    nats: { servers: [c.nats.url] },
    heartbeatMs,
    logger: quietLogger(),
  })
  try {
    await during()
  } finally {
    await again.close()
  }
}

/** A chat with a customer (not the 10,000-message one). */
export const aChatId = (c: Chain) =>
  [...c.sandbox.state.chats.values()].find((r) => r.chat.id !== c.sandbox.state.bigChatId)!.chat.id

/** Polls until `check` holds (state, not time, decides), or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${check.toString()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
