// The team set-up end to end, all real: the sandbox delivers signed webhooks → the relay → nats-server →
// three app cores (createAppCore, the real main services) that do not poll. A customer's message reaches all
// three within a second; nats-server is killed and restarted mid-stream, one desktop is closed and started
// again on its data folder meanwhile; every event is applied once by each desktop and no message is lost.
// The relay fetches each event's chat once and shares Linq's answer: the desktops ask Linq nothing per event.
import { expect, it } from 'vitest'
import { until } from '../../../support/core'
import { SHARED_FIELD } from '../../../../src/shared/relay-protocol'
import { aChatId, storedEvents, type Chain } from '../relay/helpers'
import { perTest, relaySetting, waitForRelayState, type Desktop } from './desktops'

const t = perTest()

async function connectedDesktop(c: Chain, dataDir?: string): Promise<Desktop> {
  const d = await t.desktop(c, { dataDir })
  // A restarted desktop reconnects from its saved setting; a new one is given it.
  if ((await d.status()).state === 'off') await d.test.value('setTeamRelay', relaySetting(c))
  await waitForRelayState(d, 'connected')
  await d.test.value('syncNow') // the first sync round is over before anything is measured
  return d
}

/** Resolves when this desktop's main process has the message (its renderer event, as a window would). */
function arrival(d: Desktop, messageId: string): Promise<number> {
  return new Promise((resolve) => {
    const stop = d.test.core.events.subscribe((event, payload) => {
      if (event !== 'messagesUpserted') return
      const { messages } = payload as { messages: { id: string }[] }
      if (messages.some((m) => m.id === messageId)) {
        stop()
        resolve(performance.now())
      }
    })
  })
}

/** How each event was applied (its debug log line): 'shared' means no request from this desktop. */
const vias = (d: Desktop) =>
  d.logLines.flatMap((line) => /team relay: event applied .*via="(\w+)"/.exec(line)?.[1] ?? [])

const messageIds = async (d: Desktop, chatId: string) =>
  (await d.test.value('listMessages', { chatId, limit: 500 })).messages.map((m) => m.id)

it('brings a message to three desktops within a second without polling, and loses and repeats nothing', async () => {
  const c = await t.chain({ share: {} })
  const [a, b, third] = await Promise.all([connectedDesktop(c), connectedDesktop(c), connectedDesktop(c)])
  const chatId = aChatId(c)
  const listRounds = () => c.sandbox.state.requestCounts.listPhoneNumbers ?? 0
  const roundsBefore = listRounds()
  /** Requests from the desktops: everything the sandbox saw, less the relay's own fetches. */
  const desktopRequests = () =>
    Object.values(c.sandbox.state.requestCounts).reduce((x, y) => x + y, 0) - c.relayRequests()
  const desktopsBefore = desktopRequests()

  // Arrival, nothing else: the webhook is pushed through the relay, each desktop pulls that one chat.
  const sent = c.sandbox.simulate.inboundMessage(chatId, { text: 'Are you open today?' })
  const started = performance.now()
  const arrived = await Promise.all([a, b, third].map((d) => arrival(d, String(sent.id))))
  const slowest = Math.max(...arrived) - started
  console.log(`customer message → 3 desktops: ${slowest.toFixed(0)} ms`)
  expect(slowest).toBeLessThan(1000)
  expect(listRounds()).toBe(roundsBefore)
  await c.sandbox.webhooks.idle()
  expect(desktopRequests()).toBe(desktopsBefore)
  expect(c.relayRequests()).toBe(1)

  // A stream of messages; nats-server dies and comes back, one desktop closes and starts again meanwhile.
  let restarted: Desktop | null = null
  for (let i = 0; i < 30; i++) {
    c.sandbox.simulate.inboundMessage(chatId, { text: `message ${i}` })
    if (i === 8) {
      await c.nats.stop('SIGKILL')
      await Promise.all([a, b, third].map((d) => waitForRelayState(d, 'error')))
    }
    if (i === 12) await third.close()
    if (i === 18) await c.nats.start()
    if (i === 22) restarted = await connectedDesktop(c, third.dataDir)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await c.sandbox.webhooks.idle()
  const emitted = [...new Set(c.sandbox.webhooks.log().map((r) => r.eventId))]
  expect(emitted).toHaveLength(31)
  const inSandbox = c.sandbox.state.messagesOf(chatId).map((m) => String(m.id))
  const everyone = [a, b, restarted!]
  for (const d of everyone)
    await until(async () => (await messageIds(d, String(chatId))).length >= inSandbox.length)
  for (const d of everyone)
    expect(await messageIds(d, String(chatId))).toEqual(expect.arrayContaining(inSandbox))

  // Applied once each, by every desktop (the closed one and its restart together).
  await until(
    () =>
      [a, b].every((d) => d.applied().length >= 31) &&
      third.applied().length + restarted!.applied().length >= 31,
  )
  for (const applied of [a.applied(), b.applied(), [...third.applied(), ...restarted!.applied()]]) {
    expect(new Set(applied).size).toBe(applied.length)
    expect([...applied].sort()).toEqual([...emitted].sort())
  }
  // The desktops that stayed up pulled only for events the relay could not share (none, unless its fetch
  // failed under load); the restarted one may pull for events older than its own start-up sync.
  const unshared = (await storedEvents(c.nats.url)).filter((e) => !e.body.includes(`"${SHARED_FIELD}"`))
  for (const d of [a, b]) expect(vias(d).filter((via) => via === 'pull')).toHaveLength(unshared.length)
  expect(vias(a).filter((via) => via === 'shared').length).toBe(31 - unshared.length)
}, 60_000)
