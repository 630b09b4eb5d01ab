// Sandbox → relay → nats-server → the desktop's relay consumers, all real: delivery to several devices, a
// nats-server killed mid-stream, a device killed mid-event, bad data in the stream, a failing handler.
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { afterEach, describe, expect, it } from 'vitest'
import {
  memoryAppliedLog,
  startRelayConsumer,
  type AppliedLog,
  type RelayConsumer,
  type RelayConsumerHealth,
  type RelayConsumerOptions,
  type RelayEvent,
} from '../../../../src/main/services/team-relay/relay-consumer'
import {
  aChatId,
  quietLogger,
  startChain,
  storedEvents,
  waitFor,
  withSecondRelay,
  type Chain,
} from './helpers'

let chain: Chain | undefined
const consumers: RelayConsumer[] = []
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()))
  await chain?.dispose()
  chain = undefined
})

interface Device {
  consumer: RelayConsumer
  events: RelayEvent[]
  states: RelayConsumerHealth['state'][]
}

function device(c: Chain, deviceId: string, extra: Partial<RelayConsumerOptions> = {}): Device {
  const events: RelayEvent[] = []
  const states: RelayConsumerHealth['state'][] = []
  const consumer = startRelayConsumer({
    servers: [c.nats.url],
    workspace: 'acme',
    deviceId,
    onEvent: (event) => void events.push(event),
    onHealth: (health) => void states.push(health.state),
    logger: quietLogger(),
    ...extra,
  })
  consumers.push(consumer)
  return { consumer, events, states }
}

const connected = (d: Device) => waitFor(() => d.consumer.health().state === 'connected')
async function connectedDevices(c: Chain, ids: string[]): Promise<Device[]> {
  const devices = ids.map((id) => device(c, id))
  await Promise.all(devices.map(connected))
  return devices
}
const received = (d: Device) =>
  d.events.filter((e) => e.eventType === 'message.received').map((e) => e.eventId)
/** The event_ids the sandbox emitted, in order. */
const emitted = (c: Chain) => [...new Set(c.sandbox.webhooks.log().map((r) => r.eventId))]

describe('the relay consumer', () => {
  it('brings a customer message to three devices within a second, as typed changes', async () => {
    chain = await startChain()
    const c = chain
    const devices = await connectedDevices(c, ['laptop-1', 'laptop-2', 'laptop-3'])
    const chatId = aChatId(c)
    const started = performance.now()
    const message = c.sandbox.simulate.inboundMessage(chatId, { text: 'Do you deliver on Sundays?' })
    await waitFor(() => devices.every((d) => d.events.length === 1), 5000)
    const elapsed = performance.now() - started
    console.log(`customer message → 3 devices: ${elapsed.toFixed(0)} ms`)
    expect(elapsed).toBeLessThan(1000)
    for (const d of devices)
      expect(d.events[0]).toMatchObject({
        kind: 'messages',
        chatId: String(chatId),
        messageId: String(message.id),
        eventType: 'message.received',
        seq: 1,
      })

    c.sandbox.simulate.customerTyping(chatId, { durationMs: 0 })
    c.sandbox.simulate.advanceDeliveries()
    await waitFor(() => devices.every((d) => d.consumer.health().lastSeq === 3))
    expect(devices[0]!.events.slice(1).map((e) => e.kind === 'typing' && e.typing)).toEqual([true, false])
    expect(devices.map((d) => d.consumer.health())).toEqual(
      devices.map(() => expect.objectContaining({ state: 'connected', applied: 3, lastSeq: 3, pending: 0 })),
    )
  })

  it('loses and repeats nothing when nats-server is killed mid-stream and restarted on its store', async () => {
    chain = await startChain()
    const c = chain
    const devices = await connectedDevices(c, ['a', 'b', 'c'])
    const chatId = aChatId(c)
    for (let i = 0; i < 40; i++) {
      c.sandbox.simulate.inboundMessage(chatId, { text: `message ${i}` })
      if (i === 15) {
        await c.nats.stop('SIGKILL')
        await waitFor(() => devices.every((d) => d.consumer.health().state === 'failed'))
      }
      if (i === 25) await c.nats.start()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await c.sandbox.webhooks.idle()
    const all = emitted(c)
    expect(all).toHaveLength(40)
    // Linq's retries of the events sent during the outage land after later ones: the stream's order is the
    // order every device sees.
    const stream = (await storedEvents(c.nats.url)).map((e) => e.msgId)
    expect([...stream].sort()).toEqual([...all].sort())
    await waitFor(() => devices.every((d) => d.consumer.health().lastSeq >= 40), 20_000)
    for (const d of devices) {
      expect(received(d)).toEqual(stream)
      expect(d.events.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1))
      expect(d.states).toContain('failed')
      expect(d.consumer.health().state).toBe('connected')
    }
  })

  it('resumes a device killed in the middle of an event from its last acknowledged one', async () => {
    chain = await startChain()
    const c = chain
    const applied: AppliedLog = memoryAppliedLog() // stands for what the app keeps on disk
    const options = { applied, ackWaitMs: 1500, stopTimeoutMs: 100 }
    const log: string[] = []
    let hang = true
    const first = device(c, 'desk', {
      ...options,
      onEvent: (event) =>
        // The 5th event never finishes: the process dies while applying it.
        event.seq === 5 && hang ? new Promise<void>(() => {}) : void log.push(event.eventId),
    })
    await connected(first)
    const chatId = aChatId(c)
    for (let i = 0; i < 8; i++) c.sandbox.simulate.inboundMessage(chatId, { text: `before ${i}` })
    await c.sandbox.webhooks.idle()
    await waitFor(() => log.length === 4)
    await first.consumer.stop()
    hang = false
    // Events keep coming while the device is away.
    for (let i = 0; i < 4; i++) c.sandbox.simulate.inboundMessage(chatId, { text: `away ${i}` })
    await c.sandbox.webhooks.idle()
    const second = device(c, 'desk', { ...options, onEvent: (event) => void log.push(event.eventId) })
    await waitFor(() => log.length === 12, 10_000)
    const all = emitted(c)
    // Acknowledged events are not delivered again; the unacknowledged ones come back once their ack wait is
    // over, after the events that arrived meanwhile.
    expect(log.slice(0, 4)).toEqual(all.slice(0, 4))
    expect(new Set(log).size).toBe(12)
    expect([...log].sort()).toEqual([...all].sort())
    expect(second.consumer.health()).toMatchObject({ applied: 8, duplicates: 0 })
  })

  it('drops data in the stream that is not a Linq webhook, and retries a failing handler', async () => {
    chain = await startChain()
    const c = chain
    let failures = 1
    const attempts: number[] = []
    const d = device(c, 'flaky', {
      onEvent: (event) => {
        attempts.push(event.seq)
        if (failures-- > 0) throw new Error('disk full')
      },
    })
    await connected(d)
    const nc = await connect({ servers: c.nats.url })
    await jetstream(nc).publish('linq.acme.chat.1.message.received', 'not json')
    await nc.close()
    c.sandbox.simulate.inboundMessage(aChatId(c))
    await waitFor(() => d.consumer.health().applied === 1, 10_000)
    expect(d.consumer.health()).toMatchObject({ malformed: 1, lastSeq: 2, error: null })
    expect(attempts).toEqual([2, 2])
  })

  it('reports lagging while more than lagThreshold events wait, and connected once caught up', async () => {
    chain = await startChain()
    const c = chain
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const d = device(c, 'slow', { lagThreshold: 3, onEvent: () => gate })
    await connected(d)
    const chatId = aChatId(c)
    for (let i = 0; i < 8; i++) c.sandbox.simulate.inboundMessage(chatId)
    await c.sandbox.webhooks.idle()
    release()
    await waitFor(() => d.consumer.health().applied === 8)
    expect(d.states).toContain('lagging')
    expect(d.consumer.health().state).toBe('connected')
  })

  it('sees events gone from the stream while a device was away, and catches up before the next', async () => {
    chain = await startChain()
    const c = chain
    const chatId = aChatId(c)
    const order: string[] = []
    const options = {
      onEvent: (event: RelayEvent) => void order.push(event.eventId),
      onGap: () => void order.push('gap'),
    }
    const first = device(c, 'away', options)
    await connected(first)
    c.sandbox.simulate.inboundMessage(chatId)
    await waitFor(() => order.length === 1)
    await first.consumer.stop()
    expect(first.consumer.health().gaps).toBe(0)

    // Away: three events arrive and the middle one leaves the stream (as one past max age does).
    for (let i = 0; i < 3; i++) c.sandbox.simulate.inboundMessage(chatId)
    await c.sandbox.webhooks.idle()
    const nc = await connect({ servers: c.nats.url })
    await (await jetstreamManager(nc)).streams.deleteMessage('LINQ_acme', 3)
    await nc.close()

    const back = device(c, 'away', options)
    await waitFor(() => order.length === 4)
    const bySeq = new Map((await storedEvents(c.nats.url)).map((e) => [e.seq, e.msgId]))
    expect(order.slice(1)).toEqual([bySeq.get(2), 'gap', bySeq.get(4)])
    expect(back.consumer.health().gaps).toBe(1)
  })

  it('counts a silent relay as down though NATS answers, and as up again once it is heard', async () => {
    chain = await startChain({ heartbeatMs: 100 })
    const c = chain
    const events: string[] = []
    const d = device(c, 'watcher', {
      silentAfterMs: 600,
      onEvent: (event) => void events.push(event.eventType),
    })
    await connected(d)
    // Heartbeats keep it connected past the silence period, and are not events.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(d.consumer.health()).toMatchObject({ state: 'connected', error: null })
    expect(events).toEqual([])

    await c.relay.close()
    await waitFor(() => d.consumer.health().state === 'failed', 5000)
    expect(d.consumer.health().error).toMatch(/relay silent/)
    await withSecondRelay(c, 100, () => waitFor(() => d.consumer.health().state === 'connected', 5000))
    expect((await storedEvents(c.nats.url)).every((e) => e.subject === 'linq.acme.org.relay.heartbeat')).toBe(
      true,
    )
  })
})
