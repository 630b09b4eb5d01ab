// docs/relay/accounts.conf, as documented, on a real nats-server: each workspace's relay and devices do their
// job, and nothing more — a device of workspace A cannot read workspace B, nor another device's consumer,
// nor forge an event.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startRelayConsumer,
  type RelayConsumer,
  type RelayEvent,
} from '../../../../src/main/services/team-relay/relay-consumer'
import { startRelay, type Relay } from '../../../../src/relay'
import { startNatsServer, type NatsServerHandle } from '../../../support/nats-server'
import { quietLogger, startChain, waitFor, type Chain } from './helpers'

const ACCOUNTS = readFileSync(join(import.meta.dirname, '../../../../docs/relay/accounts.conf'), 'utf8')
const creds = (user: string) => ({ user, pass: `sample-${user}-pass` })

let nats: NatsServerHandle
let acme: Chain
let globexRelay: Relay
const consumers: RelayConsumer[] = []
const connections: NatsConnection[] = []

beforeAll(async () => {
  nats = await startNatsServer({ files: { 'accounts.conf': ACCOUNTS }, config: 'include ./accounts.conf' })
  acme = await startChain({ nats, workspace: 'acme', credentials: creds('relay-acme') })
  globexRelay = await startRelay({
    workspace: 'globex',
    nats: { servers: [nats.url], credentials: creds('relay-globex') },
    logger: quietLogger(),
  })
  await waitFor(async () => (await globexRelay.health()).status === 'ok')
})
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()))
  await Promise.all(connections.map((c) => c.close()))
  await globexRelay.close()
  await acme.dispose()
  await nats.dispose()
})

function device(workspace: string, deviceId: string, user: string) {
  const events: RelayEvent[] = []
  const consumer = startRelayConsumer({
    servers: [nats.url],
    credentials: creds(user),
    workspace,
    deviceId,
    onEvent: (event) => void events.push(event),
    logger: quietLogger(),
  })
  consumers.push(consumer)
  return { consumer, events }
}

async function raw(user: string, inboxPrefix: string): Promise<NatsConnection> {
  const nc = await connect({ servers: nats.url, ...creds(user), inboxPrefix })
  connections.push(nc)
  return nc
}

const permissionError = /permissions violation/i

describe('the documented NATS permissions', () => {
  it('let each workspace’s relay publish and its devices read, and keep workspaces apart', async () => {
    const laptop = device('acme', 'laptop-1', 'acme-laptop-1')
    const desk = device('globex', 'desk-1', 'globex-desk-1')
    // A globex device pointed at acme's stream gets nowhere.
    const intruder = device('acme', 'desk-1', 'globex-desk-1')
    await waitFor(
      () => laptop.consumer.health().state === 'connected' && desk.consumer.health().state === 'connected',
    )
    await waitFor(() => permissionError.test(intruder.consumer.health().error ?? ''))

    const chatId = [...acme.sandbox.state.chats.values()][0]!.chat.id
    acme.sandbox.simulate.inboundMessage(chatId, { text: 'for acme only' })
    const body = JSON.stringify({
      api_version: 'v2',
      created_at: new Date().toISOString(),
      event_id: 'globex-1',
      event_type: 'message.received',
      data: { id: 1, chat_id: 99 },
    })
    expect((await fetch(globexRelay.webhookUrl, { method: 'POST', body })).status).toBe(200)
    await waitFor(() => laptop.events.length === 1 && desk.events.length === 1)
    expect(laptop.events[0]).toMatchObject({ chatId: String(chatId), eventType: 'message.received' })
    expect(desk.events[0]).toMatchObject({ chatId: '99', eventId: 'globex-1' })
    expect(intruder.events).toEqual([])
    expect(intruder.consumer.health().state).toBe('failed')
  })

  it('refuse a device of one workspace the other’s subjects and stream API', async () => {
    const nc = await raw('globex-desk-1', '_INBOX_device-desk-1')
    const sub = nc.subscribe('linq.acme.>')
    expect(String(await sub.closed)).toMatch(permissionError)
    await expect(nc.request('$JS.API.STREAM.INFO.LINQ_acme', '', { timeout: 2000 })).rejects.toThrow(
      permissionError,
    )
  })

  it('refuse a device another device’s consumer, forged events and the relay’s stream API', async () => {
    const nc = await raw('acme-laptop-1', '_INBOX_device-laptop-1')
    for (const subject of [
      '$JS.API.CONSUMER.MSG.NEXT.LINQ_acme.device-laptop-2',
      '$JS.API.CONSUMER.INFO.LINQ_acme.device-laptop-2',
      '$JS.API.STREAM.DELETE.LINQ_acme',
      '$JS.API.CONSUMER.DELETE.LINQ_acme.device-laptop-1',
      'linq.acme.chat.1.message.received',
    ])
      await expect(nc.request(subject, '{}', { timeout: 2000 })).rejects.toThrow(permissionError)
    // Nor can it listen to another device's replies.
    expect(String(await nc.subscribe('_INBOX_device-laptop-2.>').closed)).toMatch(permissionError)
  })

  it('refuse a relay the other workspace’s subjects', async () => {
    const nc = await raw('relay-acme', '_INBOX_relay')
    await expect(nc.request('linq.globex.chat.1.message.received', '{}', { timeout: 2000 })).rejects.toThrow(
      permissionError,
    )
  })
})
