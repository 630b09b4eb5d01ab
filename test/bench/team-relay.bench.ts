// Team relay (issue 21): Linq API requests per minute with N desktops (1, 5, 20) polling, and the same N
// desktops on the relay, in one run against one sandbox, counted at the sandbox. Each desktop is a real app
// core (createAppCore, the real main services) with the window focused and one chat open, the app's default
// poll intervals, and customers writing a message every few seconds across the chats (a busy team inbox).
// The baseline is polling in the same run; the relay's rows are ratios to it, and its growth with N is the
// relay at N against N = 1. Webhook deliveries (Linq → the relay) are counted too: one per event, whatever N.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../../src/main/services/log'
import { startRelay } from '../../src/relay'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { WEBHOOK_EVENT_TYPES } from '../../src/shared/relay-protocol'
import { signInWithoutKeychain, startTestCore, until, type TestCore } from '../support/core'
import { startNatsServer } from '../support/nats-server'
import type { BenchRow } from './types'

const COUNTS = [1, 5, 20]
const WINDOW_MS = 30_000
/** One customer message this often, round the chats. */
const MESSAGE_EVERY_MS = 5_000
const quiet = () => createLogger({ console: false })

const requests = (sandbox: Sandbox) => Object.values(sandbox.state.requestCounts).reduce((a, b) => a + b, 0)

/** API requests and webhook deliveries per minute at the sandbox over WINDOW_MS with customers writing. */
async function perMinute(sandbox: Sandbox, chatIds: number[]): Promise<{ api: number; webhooks: number }> {
  let i = 0
  const write = () => sandbox.simulate.inboundMessage(chatIds[i++ % chatIds.length]!)
  const customers = setInterval(write, MESSAGE_EVERY_MS)
  const before = { api: requests(sandbox), webhooks: sandbox.webhooks.stats().attempts }
  const started = performance.now()
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS))
  clearInterval(customers)
  const minutes = (performance.now() - started) / 60_000
  return {
    api: (requests(sandbox) - before.api) / minutes,
    webhooks: (sandbox.webhooks.stats().attempts - before.webhooks) / minutes,
  }
}

async function desktops(sandbox: Sandbox, n: number, chatIds: number[]) {
  const cores: { test: TestCore; dataDir: string }[] = []
  for (let i = 0; i < n; i++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'linq-bench-desk-'))
    const test = await startTestCore({ dataDir })
    await signInWithoutKeychain(test, sandbox.baseUrl, sandbox.token)
    await test.value('syncNow') // the first round (every chat's history) is setup, not load
    await test.value('setActiveChat', { chatId: String(chatIds[i % chatIds.length]) })
    cores.push({ test, dataDir })
  }
  return {
    cores,
    async dispose() {
      for (const { test, dataDir } of cores) {
        await test.core.dispose()
        await rm(dataDir, { recursive: true, force: true })
      }
    },
  }
}

export default async function bench(): Promise<BenchRow[]> {
  const nats = await startNatsServer()
  const relay = await startRelay({ workspace: 'bench', nats: { servers: [nats.url] }, logger: quiet() })
  const sandbox = await startSandbox({ chatCount: 12, bigChatSize: 300 })
  try {
    const created = await fetch(`${sandbox.baseUrl}/api/partner/v2/webhook_subscriptions`, {
      method: 'POST',
      headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token, 'content-type': 'application/json' },
      body: JSON.stringify({
        webhook_subscription: { webhook_url: relay.webhookUrl, version: 2, events: WEBHOOK_EVENT_TYPES },
      }),
    })
    if (created.status !== 201) throw new Error(`webhook subscription: ${created.status}`)
    const chatIds = [...sandbox.state.chats.values()]
      .map((r) => r.chat.id)
      .filter((id) => id !== sandbox.state.bigChatId)
    const measured: Measured[] = []
    for (const n of COUNTS) {
      const group = await desktops(sandbox, n, chatIds)
      try {
        const polling = await perMinute(sandbox, chatIds)
        for (const { test } of group.cores)
          await test.value('setTeamRelay', {
            url: nats.url,
            relayWorkspace: 'bench',
            credentials: { kind: 'none' },
          })
        await until(async () => {
          const states = await Promise.all(group.cores.map(({ test }) => test.value('getTeamRelay')))
          return states.every((s) => s.state === 'connected')
        }, 'every desktop on the relay')
        const onRelay = await perMinute(sandbox, chatIds)
        measured.push({ n, polling: polling.api, relay: onRelay.api, webhooks: onRelay.webhooks })
        process.stdout.write(
          `    N=${n}: polling ${polling.api.toFixed(0)}/min, relay ${onRelay.api.toFixed(0)}/min, ` +
            `webhooks ${onRelay.webhooks.toFixed(0)}/min\n`,
        )
      } finally {
        await group.dispose()
      }
    }
    return rows(measured)
  } finally {
    await sandbox.close()
    await relay.close()
    await nats.dispose()
  }
}

interface Measured {
  n: number
  polling: number
  relay: number
  webhooks: number
}

function rows(measured: Measured[]): BenchRow[] {
  const one = measured.find((m) => m.n === 1)!
  const out: BenchRow[] = []
  for (const m of measured) {
    out.push({
      name: `team relay: Linq API requests per minute, ${m.n} desktop${m.n > 1 ? 's' : ''} polling`,
      value: m.polling,
      unit: 'req/min',
      detail: `baseline: default intervals, window focused, a chat open, a message every ${MESSAGE_EVERY_MS / 1000} s`,
    })
    out.push({
      name: `team relay: Linq API requests per minute, ${m.n} desktop${m.n > 1 ? 's' : ''} on the relay`,
      value: m.relay,
      unit: 'req/min',
      detail: `${(m.relay / m.polling).toFixed(2)}× polling at the same N; webhooks to the relay ${m.webhooks.toFixed(1)}/min`,
    })
  }
  const last = measured.at(-1)!
  const growth = last.relay / one.relay
  out.push({
    name: `team relay: API load on the relay, ${last.n} desktops against 1`,
    value: growth,
    unit: '×',
    target: '≤ 1.1× (load does not grow with N)',
    met: growth <= 1.1,
    detail:
      `polling grows ${(last.polling / one.polling).toFixed(1)}× over the same N. Each relayed event is one ` +
      'targeted pull per desktop (the cache is fed by the API only), so this grows with N by design',
  })
  return out
}
