// The sandbox's webhook deliveries: every event it can produce reaches a subscribed loopback URL signed, in the
// spec's shapes, filtered by type, and is retried with the same event_id until the receiver takes it.
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../../../src/sandbox'
import { WEBHOOK_EVENT_TYPES } from '../../../../src/shared/relay-protocol'
import { assertWebhookMatchesSpec } from '../../../support/openapi'
import { startWebhookReceiver, type WebhookReceiver } from '../../../support/webhook-receiver'
import { api, form, small } from './helpers'

let sandbox: Sandbox
let receiver: WebhookReceiver
let call: ReturnType<typeof api>

// Quick retries; a delivery's timeout long enough that a loaded machine's answer is never taken for none
// (a retry there would deliver an event twice). The test of timeouts shortens it for its hanging receiver.
const startSandbox = async (timeoutMs = 5_000) => {
  sandbox = await small({ webhooks: { retryBaseMs: 10, retryCapMs: 40, timeoutMs, maxAttempts: 4 } })
  call = api(sandbox)
}

beforeEach(async () => {
  await startSandbox()
  receiver = await startWebhookReceiver()
})
afterEach(async () => {
  await sandbox.close()
  await receiver.close()
})

const subscribe = async (fields: Record<string, unknown>) => {
  const r = await call('createWebhookSubscription', 'POST', '/webhook_subscriptions', {
    json: { webhook_subscription: { webhook_url: receiver.url, version: 2, ...fields } },
  })
  expect(r.status).toBe(201)
  return (r.body as { webhook_subscription: { id: number } }).webhook_subscription.id
}
const aChat = () => [...sandbox.state.chats.values()].find((r) => r.chat.id !== sandbox.state.bigChatId)!
const hmac = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

describe('webhook deliveries', () => {
  it('delivers every event type the sandbox produces, signed and in the shapes the spec gives', async () => {
    await subscribe({ events: [...WEBHOOK_EVENT_TYPES], secret: 'shh-1' })
    const record = aChat()
    const chatId = record.chat.id
    const sent = await call('sendMessage', 'POST', `/chats/${chatId}/chat_messages`, {
      form: form({ 'message[text]': 'Your table is ready' }),
    })
    const messageId = (sent.body as { data: { id: number } }).data.id
    await call('reactToMessage', 'POST', `/chat_messages/${messageId}/reactions`, {
      json: { type: 'like', operation: 'add' },
    })
    sandbox.simulate.customerTyping(chatId)
    sandbox.simulate.inboundMessage(chatId, { text: 'On my way' })
    sandbox.simulate.inboundReaction(messageId, 'love')
    sandbox.simulate.advanceDeliveries() // pending → delivered
    sandbox.simulate.advanceDeliveries() // delivered → read: a read receipt
    sandbox.simulate.changeParticipant(chatId, '+13125550999', 'add')
    sandbox.simulate.changeParticipant(chatId, '+13125550999', 'remove')
    const contact = await call('createContact', 'POST', '/contacts', {
      json: { contact: { first_name: 'Grace', phone_number: '+13125550111' } },
    })
    const contactId = (contact.body as { data: { id: number } }).data.id
    await call('updateContact', 'PUT', `/contacts/${contactId}`, { json: { contact: { company: 'Navy' } } })
    await call('deleteContact', 'DELETE', `/contacts/${contactId}`)
    await sandbox.webhooks.idle()

    for (const hook of receiver.received) {
      assertWebhookMatchesSpec(hook.rawBody, hook.signature)
      expect(hook.signature).toBe(hmac('shh-1', hook.rawBody))
    }
    const types = receiver.received.map((h) => h.eventType)
    // Everything but call.completed: the sandbox has no phone calls.
    expect(new Set(types)).toEqual(new Set(WEBHOOK_EVENT_TYPES.filter((t) => t !== 'call.completed')))
    expect(types.indexOf('typing_indicator.received')).toBeLessThan(types.indexOf('typing_indicator.removed'))
    expect(types.indexOf('typing_indicator.removed')).toBeLessThan(types.indexOf('message.received'))
    expect(new Set(receiver.received.map((h) => h.eventId)).size).toBe(receiver.received.length)
    const bodyOf = (type: string) =>
      JSON.parse(receiver.received.find((h) => h.eventType === type)!.rawBody) as {
        data: Record<string, unknown>
      }
    expect(bodyOf('message.sent').data).toMatchObject({
      id: messageId,
      chat_id: chatId,
      text: 'Your table is ready',
    })
    expect(bodyOf('message.read').data).toMatchObject({ id: messageId, chat_id: chatId })
    expect(bodyOf('reaction.received').data).toMatchObject({ chat_message_id: messageId, is_from_me: false })
    expect(bodyOf('typing_indicator.received').data).toMatchObject({ chat_id: chatId, display: true })
    expect(bodyOf('contact.deleted').data).toEqual({ id: contactId })
    const list = await call('listWebhookSubscriptions', 'GET', '/webhook_subscriptions')
    expect(list.body).toMatchObject({
      webhook_subscriptions: [
        { delivery_attempts: receiver.received.length, last_delivered_at: expect.any(String) },
      ],
    })
  })

  it('sends only the subscribed types, nothing to paused or deleted subscriptions, no signature without a secret', async () => {
    const id = await subscribe({ events: ['message.received'] })
    const chatId = aChat().chat.id
    sandbox.simulate.customerTyping(chatId, { durationMs: 0 })
    sandbox.simulate.inboundMessage(chatId)
    await sandbox.webhooks.idle()
    expect(receiver.received.map((h) => [h.eventType, h.signature])).toEqual([
      ['message.received', undefined],
    ])
    await call('updateWebhookSubscription', 'PUT', `/webhook_subscriptions/${id}`, {
      json: {
        webhook_subscription: {
          webhook_url: receiver.url,
          version: 2,
          events: ['message.received'],
          active: false,
        },
      },
    })
    sandbox.simulate.inboundMessage(chatId)
    await call('deleteWebhookSubscription', 'DELETE', `/webhook_subscriptions/${id}`)
    sandbox.simulate.inboundMessage(chatId)
    await sandbox.webhooks.idle()
    expect(receiver.received).toHaveLength(1)
  })

  it('retries non-2xx answers and timeouts with the same bytes, then gives up after maxAttempts', async () => {
    await sandbox.close()
    await startSandbox(1_000)
    await subscribe({ events: ['message.received'], secret: 'k' })
    const chatId = aChat().chat.id
    receiver.script([500, 'hang', 503])
    sandbox.simulate.inboundMessage(chatId, { text: 'retry me' })
    await sandbox.webhooks.idle()
    expect(receiver.received).toHaveLength(4)
    expect(new Set(receiver.received.map((h) => h.rawBody)).size).toBe(1)
    expect(sandbox.webhooks.log().map((r) => r.outcome)).toEqual([500, 'TimeoutError', 503, 200])
    expect(sandbox.webhooks.stats()).toMatchObject({
      events: 1,
      attempts: 4,
      delivered: 1,
      failed: 0,
      pending: 0,
    })

    receiver.script([500, 500, 500, 500, 500])
    sandbox.simulate.inboundMessage(chatId, { text: 'never taken' })
    await sandbox.webhooks.idle()
    expect(receiver.received).toHaveLength(8)
    expect(sandbox.webhooks.stats()).toMatchObject({ events: 2, delivered: 1, failed: 1, pending: 0 })
  })

  it('redelivers a recent event byte for byte, as Linq does when it saw no answer', async () => {
    await subscribe({ events: ['message.received'], secret: 'k' })
    sandbox.simulate.inboundMessage(aChat().chat.id)
    await sandbox.webhooks.idle()
    const first = receiver.received[0]!
    expect(sandbox.webhooks.redeliver(first.eventId)).toBe(true)
    await sandbox.webhooks.idle()
    expect(receiver.received[1]).toEqual(first)
    expect(sandbox.webhooks.redeliver('no-such-event')).toBe(false)
  })

  it('never calls a non-loopback URL, though it keeps the subscription', async () => {
    await call('createWebhookSubscription', 'POST', '/webhook_subscriptions', {
      json: {
        webhook_subscription: {
          webhook_url: 'https://example.com/hook',
          version: 2,
          events: ['message.received'],
        },
      },
    })
    sandbox.simulate.inboundMessage(aChat().chat.id)
    await sandbox.webhooks.idle()
    expect(sandbox.webhooks.stats()).toMatchObject({ events: 0, attempts: 0 })
  })
})
