// The relay between the sandbox's real webhook deliveries and a real nats-server: what it stores, under which
// subjects, what it refuses and counts, and what happens to Linq's retries while NATS is down.
import { afterEach, describe, expect, it } from 'vitest'
import { WEBHOOK_PATH } from '../../../../src/relay'
import { ensureWebhookSubscription } from '../../../../src/relay/subscription'
import { aChatId, storedEvents, quietLogger, sign, startChain, waitFor, SECRET, type Chain } from './helpers'

let chain: Chain | undefined
afterEach(async () => {
  await chain?.dispose()
  chain = undefined
})

const post = (c: Chain, body: string, headers: Record<string, string> = {}) =>
  fetch(`${c.relay.url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })

const envelope = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    api_version: 'v2',
    created_at: new Date().toISOString(),
    event_id: `evt_${Math.random().toString(36).slice(2)}`,
    event_type: 'message.received',
    data: { id: 1, chat_id: 7, text: 'hello' },
    ...fields,
  })

describe('the relay', () => {
  it('stores each event once, byte for byte, under its chat or org subject with event_id as Nats-Msg-Id', async () => {
    chain = await startChain()
    const c = chain
    const chatId = aChatId(c)
    c.sandbox.simulate.customerTyping(chatId)
    c.sandbox.simulate.inboundMessage(chatId, { text: 'Is the blue one in stock?' })
    await fetch(`${c.sandbox.baseUrl}/api/partner/v2/contacts`, {
      method: 'POST',
      headers: { 'X-LINQ-INTEGRATION-TOKEN': c.sandbox.token, 'content-type': 'application/json' },
      body: JSON.stringify({ contact: { first_name: 'Ada', phone_number: '+13125550100' } }),
    })
    await c.sandbox.webhooks.idle()

    const stored = await storedEvents(c.nats.url)
    expect(stored.map((e) => e.subject)).toEqual([
      `linq.acme.chat.${chatId}.typing_indicator.received`,
      `linq.acme.chat.${chatId}.typing_indicator.removed`,
      `linq.acme.chat.${chatId}.message.received`,
      'linq.acme.org.contact.created',
    ])
    for (const event of stored) {
      const eventId = (JSON.parse(event.body) as { event_id: string }).event_id
      expect(event.msgId).toBe(eventId)
      expect(event.body).toBe(c.sandbox.webhooks.body(eventId))
    }
    expect(c.relay.counts()).toMatchObject({ received: 4, published: 4, duplicates: 0, publishFailed: 0 })
    const health = await c.relay.health()
    expect(health).toMatchObject({
      status: 'ok',
      nats: { connected: true },
      stream: { name: 'LINQ_acme', messages: 4, last_seq: 4 },
      counts: { published: 4 },
    })
    // The relay's log names events, never what customers wrote or the secret.
    expect(c.logLines.join('\n')).not.toMatch(/blue one|Ada|relay-test-secret/)
  })

  it('refuses unsigned, wrongly signed and malformed bodies, ignores unknown types, and stores replays once', async () => {
    chain = await startChain()
    const c = chain
    c.sandbox.simulate.inboundMessage(aChatId(c))
    await c.sandbox.webhooks.idle()
    const delivered = c.sandbox.webhooks.log()[0]!.eventId
    const good = c.sandbox.webhooks.body(delivered)!

    expect((await post(c, good)).status).toBe(401)
    expect((await post(c, good, { 'X-Webhook-Signature': sign(good, 'another-secret') })).status).toBe(401)
    expect((await post(c, good, { 'X-Webhook-Signature': sign(`${good} `) })).status).toBe(401)
    expect((await post(c, good, { 'X-Webhook-Signature': 'sha256=zz' })).status).toBe(401)
    const malformed = [
      '{not json',
      '[]',
      envelope({ event_id: undefined }),
      envelope({ api_version: 'v1' }),
      envelope({ data: 'text' }),
      envelope({ data: { chat_id: 'a.b' } }),
      envelope({ event_id: 'has space' }),
      '',
    ]
    for (const body of malformed)
      expect((await post(c, body, { 'X-Webhook-Signature': sign(body) })).status).toBe(400)
    const huge = envelope({ data: { chat_id: 1, text: 'x'.repeat(2 * 1024 * 1024) } })
    expect((await post(c, huge, { 'X-Webhook-Signature': sign(huge) })).status).toBe(413)
    const unknown = envelope({ event_type: 'message.edited' })
    const ignored = await post(c, unknown, { 'X-Webhook-Signature': sign(unknown) })
    expect(ignored.status).toBe(200)
    expect(await ignored.json()).toEqual({ ignored: 'unknown event type' })

    // Replays: Linq's own redelivery, and the same bytes posted again by hand.
    expect(c.sandbox.webhooks.redeliver(delivered)).toBe(true)
    await c.sandbox.webhooks.idle()
    const replay = await post(c, good, { 'X-Webhook-Signature': sign(good) })
    expect(await replay.json()).toEqual({ seq: 1, duplicate: true })

    expect(c.relay.counts()).toEqual({
      received: 1 + 4 + malformed.length + 1 + 1 + 2,
      published: 1,
      duplicates: 2,
      refusedBadSignature: 4,
      refusedMalformed: malformed.length + 1,
      unknownEventType: 1,
      publishFailed: 0,
      shared: 0,
      shareFailed: 0,
    })
    expect((await storedEvents(c.nats.url)).map((e) => e.msgId)).toEqual([delivered])
  })

  it('answers 503 while NATS is down; Linq’s retries land once it is back, each event stored once', async () => {
    chain = await startChain()
    const c = chain
    const chatId = aChatId(c)
    c.sandbox.simulate.inboundMessage(chatId, { text: 'before' })
    await c.sandbox.webhooks.idle()
    await c.nats.stop()
    await waitFor(async () => (await c.relay.health()).status === 'degraded')
    expect((await fetch(`${c.relay.url}/health`)).status).toBe(503)
    c.sandbox.simulate.inboundMessage(chatId, { text: 'during' })
    await waitFor(() => c.relay.counts().publishFailed >= 2)
    await c.nats.start()
    await c.sandbox.webhooks.idle()
    c.sandbox.simulate.inboundMessage(chatId, { text: 'after' })
    await c.sandbox.webhooks.idle()

    const stored = await storedEvents(c.nats.url)
    const texts = stored.map((e) => (JSON.parse(e.body) as { data: { text: string } }).data.text)
    expect(texts).toEqual(['before', 'during', 'after'])
    expect(c.sandbox.webhooks.stats()).toMatchObject({ events: 3, delivered: 3, failed: 0 })
    expect(c.relay.counts().published).toBe(3)
    expect((await c.relay.health()).status).toBe('ok')
  })

  it('takes unsigned webhooks when no secret is set', async () => {
    chain = await startChain({ secret: null })
    const body = envelope()
    expect((await post(chain, body)).status).toBe(200)
    expect(chain.relay.counts()).toMatchObject({ published: 1, refusedBadSignature: 0 })
  })

  it('registers its URL with Linq once, updating the subscription on the next start', async () => {
    chain = await startChain({ secret: null })
    const options = {
      url: chain.relay.webhookUrl,
      linqBaseUrl: chain.sandbox.baseUrl,
      linqToken: chain.sandbox.token,
      secret: SECRET,
      logger: quietLogger(),
    }
    const first = await ensureWebhookSubscription(options)
    const second = await ensureWebhookSubscription(options)
    expect(second.id).toBe(first.id)
    expect(second).toMatchObject({
      secretConfigured: true,
      active: true,
      events: expect.arrayContaining(['message.read']),
    })
    // startChain registered the URL already: that subscription is the one updated, no second one is made.
    expect(
      [...chain.sandbox.state.webhooks.values()].filter((s) => s.webhook_url === options.url),
    ).toHaveLength(1)
  })
})
