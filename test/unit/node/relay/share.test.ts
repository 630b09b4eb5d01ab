// Fetch once per event, at the relay (share.ts): the chat's newest page fetched from the sandbox once and
// stored with the event; a fetch that fails or hangs leaves the event as Linq sent it, answered in bounded
// time; Linq's redeliveries cost no second fetch; nobody but the relay can put a shared answer in the stream.
import { afterEach, describe, expect, it } from 'vitest'
import { WEBHOOK_PATH } from '../../../../src/relay'
import { SHARED_FIELD } from '../../../../src/shared/relay-protocol'
import { aChatId, sign, startChain, storedEvents, type Chain } from './helpers'

let chain: Chain | undefined
afterEach(async () => {
  await chain?.dispose()
  chain = undefined
})

const fetches = (c: Chain) => c.sandbox.state.requestCounts.listChatMessages ?? 0
const bodies = async (c: Chain) =>
  (await storedEvents(c.nats.url)).map((e) => JSON.parse(e.body) as Record<string, unknown>)

describe('the relay shares one fetch per event', () => {
  it('publishes a message event with Linq’s answer for the chat’s newest page, fetched once', async () => {
    chain = await startChain({ share: {} })
    const c = chain
    const chatId = aChatId(c)
    const message = c.sandbox.simulate.inboundMessage(chatId, { text: 'Is the blue one in stock?' })
    c.sandbox.simulate.customerTyping(chatId)
    await c.sandbox.webhooks.idle()

    // Deliveries run concurrently (as Linq's do): the typing event, fetching nothing, may be stored first.
    const stored = await bodies(c)
    const received = stored.find((e) => e.event_type === 'message.received')
    const typing = stored.filter((e) => e !== received)
    expect(received).toMatchObject({
      event_type: 'message.received',
      [SHARED_FIELD]: {
        operation_id: 'listChatMessages',
        chat_id: String(chatId),
        query: { sort: 'desc', per_page: 30 },
        answer: { data: expect.arrayContaining([expect.objectContaining({ id: message.id })]) },
      },
    })
    // Linq's answer as the API gave it: the same JSON a desktop's own request gets.
    const direct = await fetch(
      `${c.sandbox.baseUrl}/api/partner/v2/chats/${chatId}/chat_messages?sort=desc&per_page=30`,
      { headers: { 'X-LINQ-INTEGRATION-TOKEN': c.sandbox.token } },
    )
    expect((received![SHARED_FIELD] as { answer: unknown }).answer).toEqual(await direct.json())
    // Typing needs nothing from the API: not fetched, not shared.
    expect(typing.map((t) => t.event_type)).toEqual(['typing_indicator.received'])
    expect(typing.every((t) => !(SHARED_FIELD in t))).toBe(true)
    expect(fetches(c)).toBe(2) // the relay's one, and this test's own
    expect(c.relay.counts()).toMatchObject({ published: 2, shared: 1, shareFailed: 0 })
    // The relay's log never holds what the customer wrote.
    expect(c.logLines.join('\n')).not.toMatch(/blue one/)
  })

  it('publishes without the answer when the fetch fails, counted, and desktops pull', async () => {
    chain = await startChain({ share: {} })
    const c = chain
    c.sandbox.faults.set({ rules: [{ route: 'listChatMessages', status: 500 }] })
    c.sandbox.simulate.inboundMessage(aChatId(c))
    await c.sandbox.webhooks.idle()
    const [stored] = await bodies(c)
    expect(stored).toMatchObject({ event_type: 'message.received' })
    expect(SHARED_FIELD in stored!).toBe(false)
    // One request and one capped retry, then the event goes out as it came.
    expect(fetches(c)).toBe(2)
    expect(c.relay.counts()).toMatchObject({ published: 1, shared: 0, shareFailed: 1 })
    expect(c.sandbox.webhooks.log().map((d) => d.outcome)).toEqual([200])
  })

  it('answers Linq within its fetch timeout when the API hangs', async () => {
    chain = await startChain({ share: { fetchTimeoutMs: 300 } })
    const c = chain
    c.sandbox.faults.set({ rules: [{ route: 'listChatMessages', latencyMs: 20_000 }] })
    const started = performance.now()
    c.sandbox.simulate.inboundMessage(aChatId(c))
    await c.sandbox.webhooks.idle()
    // A bound, not a speed target: the 20 s the API takes would be far past it.
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(c.sandbox.webhooks.log().map((d) => d.outcome)).toEqual([200])
    expect(SHARED_FIELD in (await bodies(c))[0]!).toBe(false)
    expect(c.relay.counts()).toMatchObject({ published: 1, shareFailed: 1 })
  })

  it('stores a redelivered event once and does not fetch for it again', async () => {
    chain = await startChain({ share: {} })
    const c = chain
    c.sandbox.simulate.inboundMessage(aChatId(c))
    await c.sandbox.webhooks.idle()
    const eventId = c.sandbox.webhooks.log()[0]!.eventId
    expect(c.sandbox.webhooks.redeliver(eventId)).toBe(true)
    await c.sandbox.webhooks.idle()
    expect(fetches(c)).toBe(1)
    expect((await storedEvents(c.nats.url)).map((e) => e.msgId)).toEqual([eventId])
    expect(c.relay.counts()).toMatchObject({ published: 1, duplicates: 1, shared: 1, shareFailed: 0 })
  })

  it('drops a shared answer that came over HTTP: only the relay writes it', async () => {
    chain = await startChain({ share: {} })
    const c = chain
    const forged = JSON.stringify({
      api_version: 'v2',
      created_at: new Date().toISOString(),
      event_id: 'evt_forged',
      event_type: 'contact.created',
      data: { id: 3 },
      [SHARED_FIELD]: { operation_id: 'listChatMessages', answer: { data: [] } },
    })
    const response = await fetch(`${c.relay.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Webhook-Signature': sign(forged) },
      body: forged,
    })
    expect(response.status).toBe(200)
    const [stored] = await bodies(c)
    expect(stored).toMatchObject({ event_id: 'evt_forged', data: { id: 3 } })
    expect(SHARED_FIELD in stored!).toBe(false)
  })
})
