// A laptop that sleeps and wakes, with real parts: two app cores reach nats-server through a TCP proxy that
// plays a sleeping machine's network. Frozen, it forwards nothing either way yet keeps every socket open; at
// the wake it closes the server's side (as nats-server does to a client gone quiet) while the desktop's side
// stays open and mute, as a socket that died without a FIN looks from the laptop. Customers write meanwhile.
// The desktop told of the wake (the power adapter's Node twin) reconnects at once and applies every event once;
// its twin, told nothing, still believes its dead connection is fine and has applied none of them.
import { jetstreamManager } from '@nats-io/jetstream'
import { connect as connectNats } from '@nats-io/transport-node'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { expect, it } from 'vitest'
import { createPowerSignals } from '../../../../src/main/services/power'
import { deviceConsumerName, streamName } from '../../../../src/shared/relay-protocol'
import { until } from '../../../support/core'
import { aChatId, storedEvents, type Chain } from '../relay/helpers'
import { perTest, relaySetting, waitForRelayState, type Desktop } from './desktops'

const t = perTest()

interface SleepyProxy {
  url: string
  /** The machine sleeps: no byte goes through, every socket stays open. */
  freeze(): void
  /** The machine is up again: the old connections are dead (server side closed, desktop side mute). */
  thaw(): void
  close(): Promise<void>
}

async function startSleepyProxy(targetPort: number): Promise<SleepyProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket; dead: boolean }>()
  let frozen = false
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    const pair = { client, upstream, dead: false }
    pairs.add(pair)
    // Read and dropped while frozen or dead: the bytes went out to a network that was not there.
    const pass = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => frozen || pair.dead || to.write(chunk))
    pass(client, upstream)
    pass(upstream, client)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', () => pair.dead || end()).on('error', () => pair.dead || end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `nats://127.0.0.1:${port}`,
    freeze: () => void (frozen = true),
    thaw() {
      for (const pair of pairs) {
        pair.dead = true
        pair.upstream.destroy()
      }
      frozen = false
    },
    async close() {
      for (const pair of pairs) pair.client.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

async function desktopBehind(c: Chain, proxy: SleepyProxy, power?: ReturnType<typeof createPowerSignals>) {
  const d = await t.desktop(c, { power })
  await d.test.value('setTeamRelay', relaySetting(c, { url: proxy.url }))
  await waitForRelayState(d, 'connected')
  await d.test.value('syncNow')
  return d
}

/** Nothing waits for this desktop's consumer: every event was delivered and acknowledged. */
async function settledConsumer(c: Chain, d: Desktop): Promise<boolean> {
  const nc = await connectNats({ servers: [c.nats.url] })
  try {
    const jsm = await jetstreamManager(nc)
    const status = await d.status()
    const deviceId = status.state === 'off' ? status.deviceId : status.setting.deviceId
    const info = await jsm.consumers.info(streamName('acme'), deviceConsumerName(deviceId))
    return info.num_pending === 0 && info.num_ack_pending === 0
  } finally {
    await nc.close()
  }
}

const appliedOf = (d: Desktop, ids: string[]) => d.applied().filter((id) => ids.includes(id))

it('after a sleep, the desktop told of the wake reconnects and applies every event once within seconds', async () => {
  const c = await t.chain()
  const proxy = await startSleepyProxy(c.nats.port)
  try {
    const power = createPowerSignals()
    const [woken, unaware] = await Promise.all([desktopBehind(c, proxy, power), desktopBehind(c, proxy)])
    const chatId = aChatId(c)
    const stored = async () => (await storedEvents(c.nats.url)).length
    // Both desktops are live through the proxy before the sleep.
    c.sandbox.simulate.inboundMessage(chatId, { text: 'before the sleep' })
    await until(() => woken.applied().length === 1 && unaware.applied().length === 1, 'the first event')

    power.emit('suspend')
    proxy.freeze()
    const storedBefore = await stored()
    const written = Array.from({ length: 5 }, (_, i) =>
      String(c.sandbox.simulate.inboundMessage(chatId, { text: `while asleep ${i}` }).id),
    )
    await c.sandbox.webhooks.idle()
    await until(async () => (await stored()) === storedBefore + 5, 'the relay to store 5 events')
    const asleep = [...new Set(c.sandbox.webhooks.log().map((r) => r.eventId))].filter(
      (id) => !woken.applied().includes(id),
    )
    expect(asleep).toHaveLength(5)
    // Asleep, nothing arrives, and neither desktop can tell: their connections look fine.
    expect(appliedOf(woken, asleep)).toEqual([])
    expect((await woken.status()).state).toBe('connected')

    const shown: string[] = []
    woken.test.core.events.subscribe((event, payload) => {
      if (event === 'teamRelayStatus') shown.push((payload as { state: string }).state)
    })
    proxy.thaw()
    const wokeAt = performance.now()
    power.emit('resume')
    // The wake's sync round brings the inbox (Linq's answer, not the relay's); then the relay's events follow.
    const inSandbox = c.sandbox.state.messagesOf(chatId).map((m) => String(m.id))
    const cached = async (d: Desktop) =>
      (await d.test.value('listMessages', { chatId: String(chatId), limit: 500 })).messages.map((m) => m.id)
    await until(async () => {
      const ids = await cached(woken)
      return inSandbox.every((id) => ids.includes(id))
    }, 'the woken desktop’s inbox to be current')
    const currentMs = performance.now() - wokeAt
    await until(() => appliedOf(woken, asleep).length >= 5, 'the woken desktop to apply the events')
    const appliedMs = performance.now() - wokeAt
    console.log(
      `wake → inbox current: ${currentMs.toFixed(0)} ms, 5 events applied: ${appliedMs.toFixed(0)} ms`,
    )
    // The NATS client's own pings would notice the dead socket after about 4 minutes.
    expect(appliedMs).toBeLessThan(30_000)
    expect([...appliedOf(woken, asleep)].sort()).toEqual([...asleep].sort())
    await waitForRelayState(woken, 'connected')
    // A reconnect it asked for is shown as one, not as an error.
    expect(shown.filter((state, i) => state !== shown[i - 1])).toEqual(['connecting', 'connected'])

    // Told nothing, the other desktop still trusts its dead connection: not one of the events, nor the messages.
    expect(appliedOf(unaware, asleep)).toEqual([])
    const unawareHas = await cached(unaware)
    expect(written.filter((id) => unawareHas.includes(id))).toEqual([])
    expect((await unaware.status()).state).toBe('connected')
    // Applied once each, with nothing left to come again (those lost in the frozen socket came back once).
    await until(() => settledConsumer(c, woken), 'the woken desktop’s consumer to have nothing left')
    expect(new Set(woken.applied()).size).toBe(woken.applied().length)
  } finally {
    await t.teardown()
    await proxy.close()
  }
}, 60_000)
