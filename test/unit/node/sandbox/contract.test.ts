// Every operation of the OpenAPI file, success and error paths, each answer validated against the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../../../src/sandbox'
import { OPERATION_IDS } from '../../../support/openapi'
import { api, form, small } from './helpers'

let sandbox: Sandbox
let call: ReturnType<typeof api>
const exercised = new Set<string>()
const op = (id: string) => {
  exercised.add(id)
  return id
}
const dataOf = (r: { body: unknown }): unknown => (r.body as { data?: unknown }).data

beforeAll(async () => {
  sandbox = await small()
  call = api(sandbox)
})
afterAll(async () => {
  await sandbox.close()
  // A new operation in the spec without a test here fails the suite.
  expect([...exercised].sort()).toEqual([...OPERATION_IDS].sort())
})

const firstChat = () => [...sandbox.state.chats.values()].find((r) => r.chat.id !== sandbox.state.bigChatId)!

describe('auth', () => {
  it('answers 401 in the documented format without or with a wrong token', async () => {
    for (const token of [null, 'wrong']) {
      const r = await call(op('listPhoneNumbers'), 'GET', '/phone_numbers', { token })
      expect(r.status).toBe(401)
      expect(r.body).toEqual({
        errors: [{ status: 401, code: 'unauthorized', title: 'Unauthorized', detail: expect.any(String) }],
      })
    }
    const contacts = await call(op('listContacts'), 'GET', '/contacts', { token: 'wrong' })
    expect(contacts.status).toBe(401)
    expect(contacts.body).toMatchObject({ status: '401', error_code: 'unauthorized' })
  })
})

describe('phone numbers', () => {
  it('lists the three numbers and updates forwarding', async () => {
    const list = await call(op('listPhoneNumbers'), 'GET', '/phone_numbers')
    const numbers = (list.body as { phone_numbers: { id: number; phone_number: string }[] }).phone_numbers
    expect(numbers.map((n) => n.phone_number)).toEqual(['+14155550101', '+14155550102', '+14155550103'])
    const updated = await call(op('updatePhoneNumber'), 'PUT', `/phone_numbers/${numbers[1]!.id}`, {
      json: { forwarding_number: '(415) 555-1234' },
    })
    expect(updated.body).toMatchObject({ forwarding_number: '+14155551234' })
    const cleared = await call('updatePhoneNumber', 'PUT', `/phone_numbers/${numbers[1]!.id}`, {
      json: { forwarding_number: '' },
    })
    expect(cleared.body).toMatchObject({ forwarding_number: null })
    expect(
      (
        await call('updatePhoneNumber', 'PUT', `/phone_numbers/${numbers[1]!.id}`, {
          json: { forwarding_number: 'abc' },
        })
      ).status,
    ).toBe(422)
    expect((await call('updatePhoneNumber', 'PUT', '/phone_numbers/999999', { json: {} })).status).toBe(404)
  })
})

describe('chats', () => {
  it('lists a number’s chats newest first with meta, and validates its query', async () => {
    const r = await call(op('listChats'), 'GET', '/chats', {
      query: { phone_number: '+14155550102', per_page: '3' },
    })
    const body = r.body as { data: { id: number; message_count: number }[]; meta: Record<string, number> }
    expect(body.data).toHaveLength(3)
    const total = [...sandbox.state.chats.values()].filter((c) => c.ownNumber === '+14155550102').length
    expect(body.meta).toEqual({ page: 1, total_pages: Math.ceil(total / 3), total_count: total, per_page: 3 })
    const times = body.data.map((c) => sandbox.state.lastActivity(sandbox.state.chats.get(c.id)!))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    // 10-digit US form works too.
    const plain = await call('listChats', 'GET', '/chats', {
      query: { phone_number: '4155550102', per_page: '3' },
    })
    expect((plain.body as typeof body).data.map((c) => c.id)).toEqual(body.data.map((c) => c.id))
    expect((await call('listChats', 'GET', '/chats')).status).toBe(400)
    expect(
      (await call('listChats', 'GET', '/chats', { query: { phone_number: '+14155550102', page: '0' } }))
        .status,
    ).toBe(400)
  })

  it('gets a chat, 404s an unknown one, finds by participants', async () => {
    const record = firstChat()
    const r = await call(op('getChat'), 'GET', `/chats/${record.chat.id}`)
    expect(dataOf(r)).toMatchObject({ id: record.chat.id, message_count: record.messages.length })
    const missing = await call('getChat', 'GET', '/chats/424242')
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({
      errors: [{ status: 404, code: 'not_found', title: 'Not Found', detail: 'Chat not found.' }],
    })
    expect((await call('getChat', 'GET', '/chats/abc')).status).toBe(404)
    const others = record.chat.chat_handles
      .filter((h) => h.id !== record.ownHandleId)
      .map((h) => h.phone_number)
    const found = await call(op('findChat'), 'GET', '/chats/find', {
      query: { phone_number: record.ownNumber, 'phone_numbers[]': others },
    })
    expect(found.body).toMatchObject({ data: { chat: { id: record.chat.id } } })
    const none = await call('findChat', 'GET', '/chats/find', {
      query: { phone_number: record.ownNumber, 'phone_numbers[]': ['+19999999999'] },
    })
    expect(none.body).toEqual({ data: { chat: null, messages: [] } })
    expect(
      (await call('findChat', 'GET', '/chats/find', { query: { phone_number: record.ownNumber } })).status,
    ).toBe(400)
  })

  it('creates a chat with its first message, reuses it, and honours the idempotency key', async () => {
    const json = {
      send_from: '+14155550103',
      chat: { phone_numbers: ['+16465550000'] },
      message: { text: 'Welcome!', idempotency_key: 'create-1' },
    }
    const first = await call(op('createChat'), 'POST', '/chats', { json })
    expect(first.status).toBe(200)
    const created = dataOf(first) as { id: number; chat_messages: { id: number; text: string } }
    expect(created.chat_messages.text).toBe('Welcome!')
    const again = await call('createChat', 'POST', '/chats', { json })
    expect((dataOf(again) as typeof created).chat_messages.id).toBe(created.chat_messages.id)
    expect(sandbox.state.messagesOf(created.id)).toHaveLength(1)
    const second = await call('createChat', 'POST', '/chats', {
      json: { ...json, message: { text: 'Hello again' } },
    })
    expect((dataOf(second) as typeof created).id).toBe(created.id)
    expect(sandbox.state.messagesOf(created.id)).toHaveLength(2)
    expect((await call('createChat', 'POST', '/chats', { json: { chat: {} } })).status).toBe(400)
    expect(
      (await call('createChat', 'POST', '/chats', { json: { ...json, send_from: '+10000000000' } })).status,
    ).toBe(422)
    expect(
      (await call('createChat', 'POST', '/chats', { json: { ...json, chat: { phone_numbers: [] } } })).status,
    ).toBe(422)
    expect(
      (
        await call('createChat', 'POST', '/chats', {
          json: { ...json, message: { text: 'x', idempotency_key: 'no spaces' } },
        })
      ).status,
    ).toBe(422)
  })

  it('marks as read, typing on/off, shares the contact card; unknown chats 404', async () => {
    const record = firstChat()
    record.messages.at(-1)!.is_read = false
    expect((await call(op('markChatAsRead'), 'PUT', `/chats/${record.chat.id}/mark_as_read`)).status).toBe(
      204,
    )
    expect(record.messages.every((m) => m.is_read)).toBe(true)
    expect(
      (await call(op('startTypingIndicator'), 'POST', `/chats/${record.chat.id}/start_typing`)).status,
    ).toBe(201)
    expect(
      (await call(op('stopTypingIndicator'), 'DELETE', `/chats/${record.chat.id}/stop_typing`)).status,
    ).toBe(204)
    expect(
      (await call(op('shareContactCard'), 'POST', `/chats/${record.chat.id}/share_contact`)).status,
    ).toBe(201)
    for (const [id, method, suffix] of [
      ['markChatAsRead', 'PUT', 'mark_as_read'],
      ['startTypingIndicator', 'POST', 'start_typing'],
      ['stopTypingIndicator', 'DELETE', 'stop_typing'],
      ['shareContactCard', 'POST', 'share_contact'],
    ] as const) {
      expect((await call(id, method, `/chats/777777/${suffix}`)).status).toBe(404)
    }
  })
})

describe('messages', () => {
  it('sends text, gets, edits and deletes; deleted and unknown ids are 404', async () => {
    const chat = firstChat()
    const before = chat.messages.length
    const sent = await call(op('sendMessage'), 'POST', `/chats/${chat.chat.id}/chat_messages`, {
      form: form({ 'message[text]': 'On my way' }),
    })
    expect(sent.status).toBe(201)
    const message = dataOf(sent) as { id: number; sent_from: string; delivery_status: string }
    expect(message).toMatchObject({ sent_from: chat.ownNumber, delivery_status: 'pending' })
    expect((await call(op('getChat'), 'GET', `/chats/${chat.chat.id}`)).body).toMatchObject({
      data: { message_count: before + 1 },
    })
    const got = await call(op('getChatMessage'), 'GET', `/chats/${chat.chat.id}/chat_messages/${message.id}`)
    expect(dataOf(got)).toMatchObject({ id: message.id, text: 'On my way' })
    const edited = await call(
      op('editMessage'),
      'POST',
      `/chats/${chat.chat.id}/chat_messages/${message.id}/edit`,
      { json: { text: 'On my way, 5 min' } },
    )
    expect(edited.body).toEqual({
      message: expect.any(String),
      data: { id: message.id, text: 'On my way, 5 min' },
    })
    const reread = await call('getChatMessage', 'GET', `/chats/${chat.chat.id}/chat_messages/${message.id}`)
    expect(dataOf(reread)).toMatchObject({ text: 'On my way, 5 min', edited_at: expect.any(String) })
    expect(
      (
        await call('editMessage', 'POST', `/chats/${chat.chat.id}/chat_messages/${message.id}/edit`, {
          json: {},
        })
      ).status,
    ).toBe(422)
    expect(
      (await call(op('deleteMessage'), 'DELETE', `/chats/${chat.chat.id}/chat_messages/${message.id}`)).body,
    ).toEqual({ message: expect.any(String) })
    expect(
      (await call('getChatMessage', 'GET', `/chats/${chat.chat.id}/chat_messages/${message.id}`)).status,
    ).toBe(404)
    expect(
      (await call('deleteMessage', 'DELETE', `/chats/${chat.chat.id}/chat_messages/${message.id}`)).status,
    ).toBe(404)
    expect(
      (
        await call('editMessage', 'POST', `/chats/${chat.chat.id}/chat_messages/${message.id}/edit`, {
          json: { text: 'x' },
        })
      ).status,
    ).toBe(404)
    expect(chat.messages.length).toBe(before)
  })

  it('refuses invalid sends with documented 4xx, never 500', async () => {
    const chat = firstChat()
    const path = `/chats/${chat.chat.id}/chat_messages`
    expect((await call('sendMessage', 'POST', path, { form: form({}) })).status).toBe(422)
    expect(
      (await call('sendMessage', 'POST', path, { json: { text: 'json is not the documented body' } })).status,
    ).toBe(422)
    expect(
      (
        await call('sendMessage', 'POST', path, {
          form: form({ 'message[text]': 'x', 'message[idempotency_key]': 'bad key!' }),
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await call('sendMessage', 'POST', path, {
          form: form({ 'message[text]': 'x', 'message[attachment_urls][]': 'javascript:alert(1)' }),
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await call('sendMessage', 'POST', '/chats/999999/chat_messages', {
          form: form({ 'message[text]': 'x' }),
        })
      ).status,
    ).toBe(404)
    const garbage = await fetch(
      new URL(`/api/partner/v2/chats/${chat.chat.id}/chat_messages/1/edit`, sandbox.baseUrl),
      {
        method: 'POST',
        headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token, 'content-type': 'application/json' },
        body: '{not json',
      },
    )
    expect(garbage.status).toBe(400)
  })

  it('adds and removes each of the six reactions; reads them back; unknown ids 404', async () => {
    const chat = firstChat()
    const target = chat.messages.at(-1)!
    for (const type of ['love', 'like', 'dislike', 'laugh', 'emphasize', 'question']) {
      const added = await call(op('reactToMessage'), 'POST', `/chat_messages/${target.id}/reactions`, {
        json: { type, operation: 'add' },
      })
      expect(added.status).toBe(201)
      const reaction = dataOf(added) as { id: number; reaction: string; is_from_me: boolean }
      expect(reaction).toMatchObject({ reaction: type, is_from_me: true, chat_message_id: target.id })
      const read = await call(op('getChatMessageReaction'), 'GET', `/chat_message_reactions/${reaction.id}`)
      expect(dataOf(read)).toMatchObject({ id: reaction.id })
    }
    // Adding again does not duplicate.
    await call('reactToMessage', 'POST', `/chat_messages/${target.id}/reactions`, {
      json: { type: 'love', operation: 'add' },
    })
    const message = await call('getChatMessage', 'GET', `/chats/${chat.chat.id}/chat_messages/${target.id}`)
    const mine = (dataOf(message) as { reactions: { is_from_me: boolean }[] }).reactions.filter(
      (r) => r.is_from_me,
    )
    expect(mine).toHaveLength(6)
    const removed = await call('reactToMessage', 'POST', `/chat_messages/${target.id}/reactions`, {
      json: { type: 'love', operation: 'remove' },
    })
    expect(removed.status).toBe(201)
    const removedId = (dataOf(removed) as { id: number }).id
    expect((await call('getChatMessageReaction', 'GET', `/chat_message_reactions/${removedId}`)).status).toBe(
      404,
    )
    expect(
      (
        await call('reactToMessage', 'POST', `/chat_messages/${target.id}/reactions`, {
          json: { type: 'love', operation: 'remove' },
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await call('reactToMessage', 'POST', `/chat_messages/${target.id}/reactions`, {
          json: { type: 'wow', operation: 'add' },
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await call('reactToMessage', 'POST', `/chat_messages/${target.id}/reactions`, {
          json: { type: 'like' },
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await call('reactToMessage', 'POST', '/chat_messages/1/reactions', {
          json: { type: 'like', operation: 'add' },
        })
      ).status,
    ).toBe(404)
  })
})

describe('contacts, availability and webhooks keep state in the documented shapes', () => {
  it('contacts CRUD with StandardError failures', async () => {
    const created = await call(op('createContact'), 'POST', '/contacts', {
      json: { contact: { first_name: 'Ada', last_name: 'Lovelace', phone_number: '2125550100' } },
    })
    expect(created.status).toBe(201)
    const contact = dataOf(created) as { id: number; full_name: string }
    expect(contact.full_name).toBe('Ada Lovelace')
    expect(
      (await call('createContact', 'POST', '/contacts', { json: { contact: { company: 'x' } } })).status,
    ).toBe(422)
    expect((await call(op('getContact'), 'GET', `/contacts/${contact.id}`)).status).toBe(200)
    expect(
      dataOf(
        await call(op('updateContact'), 'PUT', `/contacts/${contact.id}`, {
          json: { contact: { company: 'Engines' } },
        }),
      ),
    ).toMatchObject({ company: 'Engines' })
    expect(
      dataOf(
        await call(op('partiallyUpdateContact'), 'PATCH', `/contacts/${contact.id}`, {
          json: { contact: { title: 'Countess' } },
        }),
      ),
    ).toMatchObject({ title: 'Countess', company: 'Engines' })
    expect(
      (await call(op('findContact'), 'GET', '/contacts/find', { query: { phone_number: '+12125550100' } }))
        .body,
    ).toMatchObject({ id: contact.id })
    expect(
      (await call('findContact', 'GET', '/contacts/find', { query: { email: 'nobody@example.com' } })).body,
    ).toEqual({ contact: null })
    expect((await call('findContact', 'GET', '/contacts/find')).status).toBe(400)
    const list = await call(op('listContacts'), 'GET', '/contacts')
    expect(list.body).toMatchObject({ pagination: { current_page: 1, total_count: 1 } })
    expect((await call(op('deleteContact'), 'DELETE', `/contacts/${contact.id}`)).status).toBe(204)
    const gone = await call('getContact', 'GET', `/contacts/${contact.id}`)
    expect(gone.status).toBe(404)
    expect(gone.body).toMatchObject({ status: '404', error_code: 'not_found' })
  })

  it('iMessage availability and webhook subscriptions', async () => {
    expect(
      (
        await call(op('checkIMessageAvailability'), 'POST', '/i_message_availability/check', {
          json: { phone_number: '2125550102' },
        })
      ).body,
    ).toEqual({ available: true, phone_number: '+12125550102' })
    expect(
      (await call('checkIMessageAvailability', 'POST', '/i_message_availability/check', { json: {} })).status,
    ).toBe(422)
    const input = {
      webhook_subscription: {
        webhook_url: 'https://example.com/hook',
        version: 2,
        events: ['message.received'],
        secret: 's',
      },
    }
    const created = await call(op('createWebhookSubscription'), 'POST', '/webhook_subscriptions', {
      json: input,
    })
    const sub = (created.body as { webhook_subscription: { id: number; secret_configured: boolean } })
      .webhook_subscription
    expect(sub.secret_configured).toBe(true)
    expect(JSON.stringify(created.body)).not.toContain('"secret"')
    expect((await call(op('listWebhookSubscriptions'), 'GET', '/webhook_subscriptions')).body).toMatchObject({
      webhook_subscriptions: [{ id: sub.id }],
    })
    const updated = await call(op('updateWebhookSubscription'), 'PUT', `/webhook_subscriptions/${sub.id}`, {
      json: { webhook_subscription: { ...input.webhook_subscription, active: false } },
    })
    expect(updated.body).toMatchObject({ webhook_subscription: { active: false } })
    expect(
      (
        await call('createWebhookSubscription', 'POST', '/webhook_subscriptions', {
          json: { webhook_subscription: { webhook_url: 'http://insecure' } },
        })
      ).status,
    ).toBe(422)
    const unknownType = await call('createWebhookSubscription', 'POST', '/webhook_subscriptions', {
      json: { webhook_subscription: { ...input.webhook_subscription, events: ['message.edited'] } },
    })
    expect(unknownType.status).toBe(422)
    expect(unknownType.body).toMatchObject({
      status: '422',
      errors: ['events: unknown event type "message.edited"'],
    })
    // Plain http is taken on loopback only, where a local relay listens.
    const local = await call('createWebhookSubscription', 'POST', '/webhook_subscriptions', {
      json: {
        webhook_subscription: {
          webhook_url: 'http://127.0.0.1:9/hook',
          version: 2,
          events: ['message.sent'],
        },
      },
    })
    expect(local.body).toMatchObject({ webhook_subscription: { secret_configured: false, active: true } })
    const localId = (local.body as { webhook_subscription: { id: number } }).webhook_subscription.id
    const unsigned = await call('updateWebhookSubscription', 'PUT', `/webhook_subscriptions/${sub.id}`, {
      json: { webhook_subscription: { ...input.webhook_subscription, secret: '' } },
    })
    expect(unsigned.body).toMatchObject({ webhook_subscription: { secret_configured: false } })
    expect(
      (await call('deleteWebhookSubscription', 'DELETE', `/webhook_subscriptions/${localId}`)).status,
    ).toBe(204)
    expect(
      (await call('updateWebhookSubscription', 'PUT', '/webhook_subscriptions/424242', { json: input }))
        .status,
    ).toBe(404)
    expect(
      (await call(op('deleteWebhookSubscription'), 'DELETE', `/webhook_subscriptions/${sub.id}`)).status,
    ).toBe(204)
    expect(
      (await call('deleteWebhookSubscription', 'DELETE', `/webhook_subscriptions/${sub.id}`)).status,
    ).toBe(404)
  })
})

describe('listing messages', () => {
  const list = async (chatId: number, query: Record<string, string>) => {
    const r = await call(op('listChatMessages'), 'GET', `/chats/${chatId}/chat_messages`, { query })
    return r as Call & { body: { data: { id: number; sent_at: string }[]; meta: Record<string, number> } }
  }
  type Call = Awaited<ReturnType<typeof call>>

  it('pages oldest-first by default and newest-first with sort=desc, with exact meta', async () => {
    const chatId = sandbox.state.bigChatId
    const all = sandbox.state.messagesOf(chatId)
    const first = await list(chatId, {})
    expect(first.body.data.map((m) => m.id)).toEqual(all.slice(0, 25).map((m) => m.id))
    expect(first.body.meta).toEqual({
      page: 1,
      total_pages: Math.ceil(all.length / 25),
      total_count: all.length,
      per_page: 25,
    })
    const desc = await list(chatId, { sort: 'desc', per_page: '10', page: '2' })
    expect(desc.body.data.map((m) => m.id)).toEqual(
      all
        .slice(-20, -10)
        .reverse()
        .map((m) => m.id),
    )
  })

  it('never returns more than 100, handles the last page, empty pages and empty chats', async () => {
    const chatId = sandbox.state.bigChatId
    const total = sandbox.state.messagesOf(chatId).length
    const big = await list(chatId, { per_page: '500' })
    expect(big.body.data).toHaveLength(100)
    expect(big.body.meta.per_page).toBe(100)
    const lastPage = Math.ceil(total / 100)
    const last = await list(chatId, { per_page: '100', page: String(lastPage) })
    expect(last.body.data).toHaveLength(total - (lastPage - 1) * 100)
    expect((await list(chatId, { per_page: '100', page: String(lastPage + 1) })).body.data).toEqual([])
    const created = await call('createChat', 'POST', '/chats', {
      json: { send_from: '+14155550101', chat: { phone_numbers: ['+17185550199'] }, message: { text: 'hi' } },
    })
    const emptyId = (dataOf(created) as { id: number }).id
    await call(
      'deleteMessage',
      'DELETE',
      `/chats/${emptyId}/chat_messages/${sandbox.state.messagesOf(emptyId)[0]!.id}`,
    )
    expect((await list(emptyId, {})).body).toEqual({
      data: [],
      meta: { page: 1, total_pages: 1, total_count: 0, per_page: 25 },
    })
    expect((await list(chatId, { per_page: '-1' })).status).toBe(400)
    expect((await list(chatId, { sort: 'sideways' })).status).toBe(400)
    expect((await list(chatId, { before: 'yesterday' })).status).toBe(400)
    expect((await call('listChatMessages', 'GET', '/chats/999999/chat_messages')).status).toBe(404)
  })

  it('lists equal send times by message id, ascending (desc: the reverse), inbound or outbound', async () => {
    const created = await call('createChat', 'POST', '/chats', {
      json: { send_from: '+14155550101', chat: { phone_numbers: ['+17185550142'] }, message: { text: 'hi' } },
    })
    const chatId = (dataOf(created) as { id: number }).id
    const record = sandbox.state.chats.get(chatId)!
    const first = sandbox.state.messagesOf(chatId)[0]!
    const customer = record.chat.chat_handles.find((h) => h.id !== record.ownHandleId)!
    const sentAt = new Date(Date.parse(first.sent_at) + 60_000).toISOString()
    // A burst in one millisecond, arriving out of id order; ids 99 < 100 < 1000 as integers, not as text.
    for (const [id, fromMe] of [
      [1000, true],
      [99, false],
      [100, true],
      [101, false],
    ] as const)
      sandbox.state.addMessage(chatId, {
        ...first,
        id,
        sent_at: sentAt,
        sent_from: fromMe ? record.ownNumber : customer.phone_number,
        chat_handle_id: fromMe ? record.ownHandleId : customer.id,
      })
    const asc = await list(chatId, {})
    expect(asc.body.data.map((m) => m.id)).toEqual([first.id, 99, 100, 101, 1000])
    const desc = await list(chatId, { sort: 'desc' })
    expect(desc.body.data.map((m) => m.id)).toEqual([1000, 101, 100, 99, first.id])
  })

  it('filters strictly before/after a send time', async () => {
    const chatId = sandbox.state.bigChatId
    const all = sandbox.state.messagesOf(chatId)
    const pivot = all[100]!
    const after = await list(chatId, { after: pivot.sent_at, per_page: '5' })
    expect(after.body.data.map((m) => m.id)).toEqual(all.slice(101, 106).map((m) => m.id))
    expect(after.body.meta.total_count).toBe(all.length - 101)
    const before = await list(chatId, { before: pivot.sent_at, sort: 'desc', per_page: '3' })
    expect(before.body.data.map((m) => m.id)).toEqual([all[99]!.id, all[98]!.id, all[97]!.id])
    const window = await list(chatId, { after: all[10]!.sent_at, before: all[14]!.sent_at })
    expect(window.body.data.map((m) => m.id)).toEqual(all.slice(11, 14).map((m) => m.id))
    const future = await list(chatId, { after: new Date(Date.now() + 86_400_000).toISOString() })
    expect(future.body.data).toEqual([])
  })
})

describe('sending with attachments and idempotency keys', () => {
  it('stores several uploaded files (including a 0-byte one) and serves them back', async () => {
    const chat = firstChat()
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
    const sent = await call('sendMessage', 'POST', `/chats/${chat.chat.id}/chat_messages`, {
      form: form(
        { 'message[text]': 'Files', 'message[attachment_urls][]': 'https://example.com/files/plan.pdf' },
        [
          { name: 'photo.png', bytes: png, type: 'image/png' },
          { name: 'notes.txt', bytes: new TextEncoder().encode('hello notes') },
          { name: 'empty.csv', bytes: new Uint8Array(0) },
        ],
      ),
    })
    expect(sent.status).toBe(201)
    const attachments = (
      dataOf(sent) as {
        attachments: { url: string; filename: string; mime_type: string; file_size: number }[]
      }
    ).attachments
    expect(attachments.map((a) => [a.filename, a.mime_type, a.file_size])).toEqual([
      ['photo.png', 'image/png', 7],
      ['notes.txt', 'text/plain', 11],
      ['empty.csv', 'text/csv', 0],
      ['plan.pdf', 'application/pdf', 0],
    ])
    const served = await fetch(attachments[1]!.url)
    expect(served.headers.get('content-type')).toBe('text/plain')
    expect(await served.text()).toBe('hello notes')
    expect(new Uint8Array(await (await fetch(attachments[0]!.url)).arrayBuffer())).toEqual(png)
    expect((await fetch(attachments[2]!.url)).headers.get('content-length')).toBe('0')
  })

  it('returns the original message with 200 for a reused key and sends nothing new', async () => {
    const chat = firstChat()
    const path = `/chats/${chat.chat.id}/chat_messages`
    const count = chat.messages.length
    const first = await call('sendMessage', 'POST', path, {
      form: form({ 'message[text]': 'Once', 'message[idempotency_key]': 'key_A-1' }),
    })
    const again = await call('sendMessage', 'POST', path, {
      form: form({ 'message[text]': 'Once', 'message[idempotency_key]': 'key_A-1' }),
    })
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.body).toEqual(first.body)
    expect(chat.messages.length).toBe(count + 1)
  })
})

describe('fault injection', () => {
  it('injects 429 with Retry-After, 5xx, latency, resets, truncated and malformed bodies as configured', async () => {
    const chat = firstChat()
    const url = new URL(`/api/partner/v2/chats/${chat.chat.id}`, sandbox.baseUrl)
    const get = () => fetch(url, { headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token } })
    sandbox.faults.set({ rules: [{ route: 'getChat', status: 429, retryAfterSeconds: 7, times: 1 }] })
    const limited = await get()
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect((await get()).status).toBe(200)
    for (const status of [500, 502, 503] as const) {
      sandbox.faults.set({ rules: [{ route: 'getChat', status, times: 1 }] })
      const r = await get()
      expect(r.status).toBe(status)
      assertError(await r.json(), status)
    }
    sandbox.faults.set({ rules: [{ route: 'getChat', reset: true, times: 1 }] })
    await expect(get()).rejects.toThrow()
    sandbox.faults.set({ rules: [{ route: 'getChat', truncateBody: true, times: 1 }] })
    await expect((await get()).json()).rejects.toThrow()
    sandbox.faults.set({ rules: [{ route: 'getChat', malformedJson: true, times: 1 }] })
    await expect((await get()).json()).rejects.toThrow()
    sandbox.faults.set({ rules: [{ route: 'getChat', slowBodyMs: 100, times: 1 }] })
    expect(await (await get()).json()).toMatchObject({ data: { id: chat.chat.id } })
    sandbox.faults.set({ rules: [{ route: 'getChat', latencyMs: 150, times: 1 }] })
    const started = performance.now()
    await get()
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    sandbox.faults.clear()
  })

  it('resetAfterProcessing stores the message but the client never sees the answer', async () => {
    const chat = firstChat()
    const count = chat.messages.length
    sandbox.faults.set({ rules: [{ route: 'sendMessage', resetAfterProcessing: true, times: 1 }] })
    await expect(
      fetch(new URL(`/api/partner/v2/chats/${chat.chat.id}/chat_messages`, sandbox.baseUrl), {
        method: 'POST',
        headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token },
        body: form({ 'message[text]': 'lost reply', 'message[idempotency_key]': 'lost-1' }),
      }),
    ).rejects.toThrow()
    expect(chat.messages.length).toBe(count + 1)
    sandbox.faults.clear()
  })

  it('draws probabilistic faults deterministically under a seed, and counts requests per operation', async () => {
    const chat = firstChat()
    const url = new URL(`/api/partner/v2/chats/${chat.chat.id}`, sandbox.baseUrl)
    const run = async () => {
      sandbox.faults.set({ seed: 42, rules: [{ route: 'getChat', status: 500, probability: 0.5 }] })
      const statuses: number[] = []
      for (let i = 0; i < 12; i++)
        statuses.push((await fetch(url, { headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token } })).status)
      return statuses
    }
    const counted = sandbox.state.requestCounts.getChat ?? 0
    const a = await run()
    expect(await run()).toEqual(a)
    expect(a).toContain(500)
    expect(a).toContain(200)
    expect(sandbox.state.requestCounts.getChat).toBe(counted + 24)
    sandbox.faults.clear()
  })

  it('can be changed over the loopback admin endpoint', async () => {
    const admin = new URL('/__sandbox/faults', sandbox.baseUrl)
    const put = await fetch(admin, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ route: 'listPhoneNumbers', status: 503 }] }),
    })
    expect(put.status).toBe(200)
    expect((await call('listPhoneNumbers', 'GET', '/phone_numbers')).status).toBe(503)
    expect((await fetch(admin, { method: 'DELETE' })).status).toBe(204)
    expect((await call('listPhoneNumbers', 'GET', '/phone_numbers')).status).toBe(200)
  })
})

function assertError(body: unknown, status: number) {
  expect(body).toEqual({
    errors: [{ status, code: expect.any(String), title: expect.any(String), detail: expect.any(String) }],
  })
}
