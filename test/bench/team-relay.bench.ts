// Team relay (issue 21): Linq API requests per minute with N desktops (1, 5, 20) polling, and the same N
// desktops on the relay, in one run against one sandbox, counted at the sandbox. Each desktop is a real app
// core (createAppCore, the real main services) with the window focused and one chat open, the app's default
// poll intervals, and customers writing a message every few seconds across the chats (a busy team inbox).
// The baseline is polling in the same run; the relay's rows are ratios to it, and its growth with N is the
// relay at N against N = 1. Webhook deliveries (Linq → the relay) are counted too: one per event, whatever N.
// On the relay every request counts, the relay's own included: it fetches each event's chat once and shares
// Linq's answer (src/relay/share.ts). The safety net (one list round per desktop every relayHealthyMs, too
// rare to fall inside the window) is measured as one round's requests and added per minute at its interval.
// Marking a chat read on Linq is what each person looking at it does (the app tells the customer it was
// read): it is counted in the total and shown apart, and the target is on the rest, the cost of staying in
// sync.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../../src/main/services/log'
import { startRelay } from '../../src/relay'
import { DEFAULT_INTERVALS } from '../../src/main/services/sync/sync'
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

const SAFETY_NET_MINUTES = DEFAULT_INTERVALS.relayHealthyMs / 60_000

const requests = (sandbox: Sandbox) => Object.values(sandbox.state.requestCounts).reduce((a, b) => a + b, 0)
const markReads = (sandbox: Sandbox) => sandbox.state.requestCounts.markChatAsRead ?? 0

interface Rates {
  /** Every API request, per minute. */
  api: number
  /** Of which the relay's own fetches. */
  relay: number
  /** Of which markChatAsRead: people looking at the chat a message came to. */
  markRead: number
  /** Of which the desktops' own requests to stay in sync (neither of the above). */
  desktops: number
  webhooks: number
}

/** API requests and webhook deliveries per minute at the sandbox over WINDOW_MS with customers writing. */
async function perMinute(sandbox: Sandbox, chatIds: number[], relayRequests: () => number): Promise<Rates> {
  let i = 0
  const write = () => sandbox.simulate.inboundMessage(chatIds[i++ % chatIds.length]!)
  const customers = setInterval(write, MESSAGE_EVERY_MS)
  const counts = () => ({
    api: requests(sandbox),
    relay: relayRequests(),
    markRead: markReads(sandbox),
    webhooks: sandbox.webhooks.stats().attempts,
  })
  const before = counts()
  const started = performance.now()
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS))
  clearInterval(customers)
  await sandbox.webhooks.idle()
  const minutes = (performance.now() - started) / 60_000
  const after = counts()
  return {
    api: (after.api - before.api) / minutes,
    relay: (after.relay - before.relay) / minutes,
    markRead: (after.markRead - before.markRead) / minutes,
    desktops:
      (after.api - before.api - (after.relay - before.relay) - (after.markRead - before.markRead)) / minutes,
    webhooks: (after.webhooks - before.webhooks) / minutes,
  }
}

/** One desktop's safety-net round on the relay (the list, then the open chat), in requests. */
async function safetyNetRound(sandbox: Sandbox, test: TestCore): Promise<number> {
  const before = requests(sandbox)
  await test.value('syncNow')
  return requests(sandbox) - before
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
  const sandbox = await startSandbox({ chatCount: 12, bigChatSize: 300 })
  let relayRequests = 0
  const relay = await startRelay({
    workspace: 'bench',
    nats: { servers: [nats.url] },
    // The relay's own Linq token: it fetches each event's chat once for every desktop.
    linq: {
      baseUrl: sandbox.baseUrl,
      token: sandbox.token,
      fetch: (input, init) => {
        relayRequests++
        return fetch(input, init)
      },
    },
    logger: quiet(),
  })
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
        const polling = await perMinute(sandbox, chatIds, () => relayRequests)
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
        const sharesBefore = relay.counts()
        const onRelay = await perMinute(sandbox, chatIds, () => relayRequests)
        const shares = relay.counts()
        const unshared = shares.shareFailed - sharesBefore.shareFailed
        const round = await safetyNetRound(sandbox, group.cores[0]!.test)
        const safetyNet = (n * round) / SAFETY_NET_MINUTES
        measured.push({ n, polling: polling.api, onRelay, round, safetyNet, unshared })
        process.stdout.write(
          `    N=${n}: polling ${polling.api.toFixed(0)}/min, relay ${onRelay.api.toFixed(1)}/min ` +
            `(relay's fetches ${onRelay.relay.toFixed(1)}, mark-read ${onRelay.markRead.toFixed(1)}), ` +
            `safety net ${safetyNet.toFixed(2)}/min (${round} req/round), ` +
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
  onRelay: Rates
  /** One desktop's safety-net round, in requests. */
  round: number
  /** All desktops' safety-net rounds per minute at its interval. */
  safetyNet: number
  /** Events the relay could not share in the window (its fetch failed or ran out of time): desktops pulled. */
  unshared: number
}

const desktopsLabel = (n: number) => `${n} desktop${n > 1 ? 's' : ''}`
/** Staying in sync on the relay: every request but the reads people mark, plus the safety net. */
const syncLoad = (m: Measured) => m.onRelay.api - m.onRelay.markRead + m.safetyNet

function rows(measured: Measured[]): BenchRow[] {
  const one = measured.find((m) => m.n === 1)!
  const out: BenchRow[] = []
  for (const m of measured) {
    const { onRelay } = m
    const all = onRelay.api + m.safetyNet
    out.push({
      name: `team relay: Linq API requests per minute, ${desktopsLabel(m.n)} polling`,
      value: m.polling,
      unit: 'req/min',
      detail: `baseline: default intervals, window focused, a chat open, a message every ${MESSAGE_EVERY_MS / 1000} s`,
    })
    out.push({
      name: `team relay: Linq API requests per minute, ${desktopsLabel(m.n)} on the relay, all`,
      value: all,
      unit: 'req/min',
      detail:
        `${(all / m.polling).toFixed(2)}× polling at the same N; the relay's fetches ${onRelay.relay.toFixed(1)}, ` +
        `desktops ${onRelay.desktops.toFixed(1)} (events the relay could not share: ${m.unshared}), marked read ` +
        `${onRelay.markRead.toFixed(1)}, safety net ${m.safetyNet.toFixed(2)} (${m.round} requests a round ` +
        `per desktop every ${SAFETY_NET_MINUTES} min); webhooks to the relay ${onRelay.webhooks.toFixed(1)}/min`,
    })
    out.push({
      name: `team relay: Linq API requests per minute, ${desktopsLabel(m.n)} on the relay, staying in sync`,
      value: syncLoad(m),
      unit: 'req/min',
      detail: 'all of the above but the chats people marked read by looking at them',
    })
  }
  const last = measured.at(-1)!
  const growth = syncLoad(last) / syncLoad(one)
  // The safety-net interval at which `last` desktops would stay within 1.1× of one at this event rate: with P
  // the per-event load and r a round, P + n·r/I ≤ 1.1·(P + r/I) ⇔ I ≥ (n − 1.1)·r / (0.1·P).
  const perEvent = one.onRelay.api - one.onRelay.markRead
  const neededMinutes = ((last.n - 1.1) * last.round) / (0.1 * perEvent)
  out.push({
    name: `team relay: API load on the relay, ${last.n} desktops against 1`,
    value: growth,
    unit: '×',
    target: '≤ 1.1× (load does not grow with N)',
    met: growth <= 1.1,
    detail:
      `staying in sync, safety net included (without it ${((last.onRelay.api - last.onRelay.markRead) / perEvent).toFixed(2)}×; ` +
      `within 1.1× it would need one round every ${neededMinutes.toFixed(0)} min at this event rate); ` +
      `polling grows ${(last.polling / one.polling).toFixed(1)}× over ` +
      `the same N; with marking read, ${((last.onRelay.api + last.safetyNet) / (one.onRelay.api + one.safetyNet)).toFixed(2)}×`,
  })
  return out
}
