// Conversations on the sandbox, each answer checked against the OpenAPI file: the availability check's
// documented limit (429 with Retry-After inside 10 s) and its SMS-only numbers, find-or-create without
// duplicates (same recipients, a replayed key, own number refused), and the typing calls it records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../../../src/sandbox'
import { NEW_PEOPLE, SMS_ONLY_NUMBERS } from '../../../../src/sandbox/seed-conversations'
import { api, small } from './helpers'

let sandbox: Sandbox
let call: ReturnType<typeof api>
let clock = Date.parse('2026-03-01T12:00:00Z')

beforeAll(async () => {
  sandbox = await small({ now: () => clock, contacts: true })
  call = api(sandbox)
})
afterAll(() => sandbox.close())

const check = (phone: string) =>
  call('checkIMessageAvailability', 'POST', '/i_message_availability/check', {
    json: { phone_number: phone },
  })

describe('checkIMessageAvailability', () => {
  it('answers once per 10 s and 429 with Retry-After in between; SMS-only numbers are not on iMessage', async () => {
    const first = await check(SMS_ONLY_NUMBERS[0])
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ available: false, phone_number: SMS_ONLY_NUMBERS[0] })
    clock += 4_000
    const limited = await check('+33612345678')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('6')
    // A refused request does not count: 10 s after the answered one, the next is answered.
    clock += 6_000
    const second = await check('+33 6 12 34 56 78')
    expect(second.status).toBe(200)
    expect(second.body).toEqual({ available: true, phone_number: '+33612345678' })
    // Invalid input is refused before the limit is looked at.
    expect((await check('')).status).toBe(422)
    clock += 10_000
  })
})

const own = '+14155550101'
const create = (recipients: string[], text: string, key?: string, from = own) =>
  call('createChat', 'POST', '/chats', {
    json: { send_from: from, chat: { phone_numbers: recipients }, message: { text, idempotency_key: key } },
  })
const find = (recipients: string[]) =>
  call('findChat', 'GET', '/chats/find', { query: { phone_number: own, 'phone_numbers[]': recipients } })

describe('findChat and createChat', () => {
  it('find-or-create: one chat per recipients, one message per key, SMS when a recipient lacks iMessage', async () => {
    const people = [NEW_PEOPLE[0].phone_number, NEW_PEOPLE[2].phone_number]
    expect((await find(people)).body).toEqual({ data: { chat: null, messages: [] } })
    const made = await create(people, 'Welcome to the shop!', 'k_welcome_1')
    expect(made.status).toBe(200)
    const chat = (made.body as { data: { id: number; service: string; group: boolean } }).data
    expect(chat).toMatchObject({ service: 'SMS', group: true })
    // The same key again (a retry): the same chat and the same single message.
    const again = await create([...people].reverse(), 'Welcome to the shop!', 'k_welcome_1')
    expect((again.body as { data: { id: number } }).data.id).toBe(chat.id)
    expect(sandbox.state.messagesOf(chat.id)).toHaveLength(1)
    const found = await find(people)
    expect((found.body as { data: { chat: { id: number } } }).data.chat.id).toBe(chat.id)
    // A new key on the same recipients adds a message to the existing chat, never a second chat.
    await create(people, 'Second', 'k_welcome_2')
    expect(sandbox.state.messagesOf(chat.id)).toHaveLength(2)
    const chats = [...sandbox.state.chats.values()].filter((r) => r.ownNumber === own)
    expect(chats.filter((r) => r.chat.chat_handles.length === 3 && r.chat.id === chat.id)).toHaveLength(1)
  })

  it('refuses own numbers, unknown senders and empty text with 422', async () => {
    expect((await create(['+14155550102'], 'hi', 'k_own')).status).toBe(422)
    expect((await create(['+33612345678'], 'hi', 'k_from', '+19995550100')).status).toBe(422)
    expect((await create(['+33612345678'], '  ', 'k_empty')).status).toBe(422)
  })
})

describe('typing and contact card', () => {
  it('records start and stop in order, answers 201/204, and 404 for an unknown chat', async () => {
    const chatId = [...sandbox.state.chats.keys()][1]!
    expect((await call('startTypingIndicator', 'POST', `/chats/${chatId}/start_typing`)).status).toBe(201)
    expect((await call('stopTypingIndicator', 'DELETE', `/chats/${chatId}/stop_typing`)).status).toBe(204)
    expect(sandbox.state.typingCalls.filter((c) => c.chatId === chatId).map((c) => c.display)).toEqual([
      true,
      false,
    ])
    expect((await call('startTypingIndicator', 'POST', '/chats/999999/start_typing')).status).toBe(404)
    const before = sandbox.state.messagesOf(chatId).length
    expect((await call('shareContactCard', 'POST', `/chats/${chatId}/share_contact`)).status).toBe(201)
    expect(sandbox.state.messagesOf(chatId)).toHaveLength(before + 1)
  })

  it('the demo address book: seeded customers and people without a chat, paged', async () => {
    const page = await call('listContacts', 'GET', '/contacts', { query: { per_page: '5' } })
    const body = page.body as { contacts: { full_name: string }[]; pagination: { total_count: number } }
    expect(body.contacts).toHaveLength(5)
    expect(body.pagination.total_count).toBe(sandbox.state.contacts.size)
    const names = [...sandbox.state.contacts.values()].map((c) => c.full_name)
    expect(names).toContain('Amélie Laurent')
  })
})
