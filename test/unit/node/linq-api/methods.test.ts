// Every client method against the sandbox, with the mapped result checked field by field against the
// sandbox's own state (the server is the judge).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import type { ChatRecord } from '../../../../src/sandbox/state'
import {
  createLinqClient,
  newIdempotencyKey,
  type LinqClientOptions,
} from '../../../../src/main/services/linq-api'
import { expectedChat, expectedMessage } from './helpers'

let sandbox: Sandbox
let dir: string
// The sandbox's clock runs ahead by this much: the availability test moves it to near the end of Linq's 10 s
// window, so its retry after the 429 waits about 1 s of real time rather than 10.
let clockAheadMs = 0
const src = (id: string) => `linq-media://attachment/${id}`

beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: 9, bigChatSize: 250, now: () => Date.now() + clockAheadMs })
  dir = await mkdtemp(join(tmpdir(), 'linq-client-'))
})
afterAll(async () => {
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

const client = (extra: Partial<LinqClientOptions> = {}) =>
  createLinqClient({
    baseUrl: sandbox.baseUrl,
    token: sandbox.token,
    pacing: { perChatIntervalMs: 0 },
    attachmentSrc: src,
    ...extra,
  })
const records = () => [...sandbox.state.chats.values()]
const chatOf = (id: string | number): ChatRecord => sandbox.state.chats.get(Number(id))!
/** A small one-to-one chat with attachments and reactions in its history. */
const richChat = () =>
  records().find(
    (r) =>
      r.chat.id !== sandbox.state.bigChatId &&
      !r.chat.group &&
      r.messages.some((m) => m.reactions.length) &&
      r.messages.some((m) => m.attachments.length),
  )!

describe('phone numbers and chats', () => {
  it('listPhoneNumbers and updatePhoneNumber', async () => {
    const linq = client()
    expect(await linq.listPhoneNumbers()).toEqual(
      sandbox.state.phoneNumbers.map((p) => ({
        id: String(p.id),
        number: p.phone_number,
        forwardingNumber: p.forwarding_number,
      })),
    )
    const target = sandbox.state.phoneNumbers[2]!
    expect(await linq.updatePhoneNumber(String(target.id), '+14155550999')).toEqual({
      id: String(target.id),
      number: target.phone_number,
      forwardingNumber: '+14155550999',
    })
    expect(target.forwarding_number).toBe('+14155550999')
    expect(await linq.updatePhoneNumber(String(target.id), null)).toEqual({
      id: String(target.id),
      number: target.phone_number,
      forwardingNumber: null,
    })
    expect(target.forwarding_number).toBeNull()
  })

  it('listChats pages through one number’s chats, newest activity first', async () => {
    const linq = client()
    const own = sandbox.state.phoneNumbers[0]!.phone_number
    const mine = records()
      .filter((r) => r.ownNumber === own)
      .sort((a, b) => sandbox.state.lastActivity(b) - sandbox.state.lastActivity(a))
    const all = await linq.listChats(own, { perPage: 100 })
    expect(all).toEqual({
      items: mine.map((r) => expectedChat(r)),
      page: 1,
      totalPages: 1,
      totalCount: mine.length,
      perPage: 100,
    })
    const second = await linq.listChats(own, { page: 2, perPage: 1 })
    expect(second).toEqual({
      items: [expectedChat(mine[1]!)],
      page: 2,
      totalPages: mine.length,
      totalCount: mine.length,
      perPage: 1,
    })
  })

  it('getChat and findChat name the chat’s own Linq number; findChat answers null when there is none', async () => {
    const linq = client()
    for (const record of records().slice(0, 4)) {
      expect(await linq.getChat(String(record.chat.id))).toEqual(expectedChat(record))
      const others = record.chat.chat_handles
        .filter((h) => h.id !== record.ownHandleId)
        .map((h) => h.phone_number)
      expect(await linq.findChat(record.ownNumber, others)).toEqual(expectedChat(record))
    }
    expect(await linq.findChat(sandbox.state.phoneNumbers[0]!.phone_number, ['+19995550000'])).toBeNull()
  })

  it('createChat finds or creates the chat and sends the first message exactly once per key', async () => {
    const linq = client()
    const sendFrom = sandbox.state.phoneNumbers[1]!.phone_number
    const key = newIdempotencyKey()
    const input = { sendFrom, phoneNumbers: ['+13105550123'], text: 'Welcome to Acme!', idempotencyKey: key }
    const created = await linq.createChat(input)
    const record = chatOf(created.chat.id)
    expect(created.chat).toEqual(expectedChat(record))
    expect(created.chat).toMatchObject({ phoneNumber: sendFrom, isGroup: false, messageCount: 1 })
    expect(created.chat.participants.map((p) => p.handle)).toEqual(['+13105550123'])
    const stored = record.messages[0]!
    expect(created.message).toEqual({ ...expectedMessage(stored, record, src), status: 'sent' })
    expect(created.message).toMatchObject({
      text: 'Welcome to Acme!',
      isFromMe: true,
      from: sendFrom,
      status: 'sent',
    })
    const again = await linq.createChat(input)
    expect(again.message.id).toBe(created.message.id)
    expect(chatOf(created.chat.id).messages).toHaveLength(1)
  })

  it('markChatAsRead, typing indicators and the contact card reach the server', async () => {
    const linq = client()
    const record = records().find((r) => r.messages.some((m) => !m.is_read)) ?? richChat()
    const chatId = String(record.chat.id)
    const counts = { ...sandbox.state.requestCounts }
    await linq.markChatAsRead(chatId)
    expect(record.messages.every((m) => m.is_read)).toBe(true)
    await linq.startTypingIndicator(chatId)
    await linq.stopTypingIndicator(chatId)
    await linq.shareContactCard(chatId)
    for (const op of ['markChatAsRead', 'startTypingIndicator', 'stopTypingIndicator', 'shareContactCard']) {
      expect(sandbox.state.requestCounts[op], op).toBe((counts[op] ?? 0) + 1)
    }
  })

  it('checkIMessageAvailability', async () => {
    const linq = client()
    const requests = () => sandbox.state.requestCounts.checkIMessageAvailability ?? 0
    expect(await linq.checkIMessageAvailability('(310) 555-0124')).toEqual({
      phoneNumber: '+13105550124',
      available: true,
    })
    // 9 of Linq's 10 s later: the next check is refused with Retry-After: 1, and the client tries again.
    clockAheadMs += 9_000
    expect(await linq.checkIMessageAvailability('+13105550125')).toEqual({
      phoneNumber: '+13105550125',
      available: false,
    })
    expect(requests()).toBe(3)
  })
})

describe('messages', () => {
  it('listChatMessages maps history field by field, with before/after/sort and paging', async () => {
    const linq = client()
    const record = richChat()
    const chatId = String(record.chat.id)
    const wire = record.messages
    const all = await linq.listChatMessages(chatId, { perPage: 100 })
    expect(all).toEqual({
      items: wire.map((m) => expectedMessage(m, record, src)),
      page: 1,
      totalPages: 1,
      totalCount: wire.length,
      perPage: 100,
    })
    expect(all.items.some((m) => m.attachments.length > 0 && m.reactions.length === 0)).toBe(true)
    expect(all.items.some((m) => m.reactions.length > 0)).toBe(true)
    const newest = await linq.listChatMessages(chatId, { sort: 'desc', perPage: 3, page: 2 })
    expect(newest.items.map((m) => m.id)).toEqual(
      wire
        .slice(-6, -3)
        .reverse()
        .map((m) => String(m.id)),
    )
    expect(newest).toMatchObject({
      page: 2,
      perPage: 3,
      totalCount: wire.length,
      totalPages: Math.ceil(wire.length / 3),
    })
    const middle = await linq.listChatMessages(chatId, { after: wire[1]!.sent_at, before: wire[5]!.sent_at })
    expect(middle.items.map((m) => m.id)).toEqual(wire.slice(2, 5).map((m) => String(m.id)))
  })

  it('sendMessage streams files and URLs, reports progress, and replays a used key; getChatMessage follows delivery', async () => {
    const linq = client()
    const record = richChat()
    const chatId = String(record.chat.id)
    const pdf = join(dir, 'quote.pdf')
    await writeFile(pdf, '%PDF-1.4 quote for you')
    const photo = join(dir, 'IMG_0001.HEIC')
    await writeFile(photo, Buffer.alloc(300 * 1024, 9))
    const progress: { sentBytes: number; totalBytes: number }[] = []
    const key = newIdempotencyKey()
    expect(key).toMatch(/^[a-zA-Z0-9_-]+$/)
    const sent = await linq.sendMessage(
      chatId,
      {
        text: 'Your quote and the photo',
        idempotencyKey: key,
        attachments: [{ path: pdf }, { path: photo, filename: 'shelf.heic' }],
        attachmentUrls: ['https://example.com/files/terms.pdf'],
      },
      { onProgress: (p) => progress.push(p) },
    )
    const stored = record.messages.at(-1)!
    expect(stored.text).toBe('Your quote and the photo')
    expect(sent).toEqual({ message: expectedMessage(stored, record, src), replayed: false })
    expect(sent.message).toMatchObject({
      isFromMe: true,
      status: 'sent',
      from: record.ownNumber,
      localId: null,
      failure: null,
      upload: null,
    })
    expect(sent.message.attachments.map((a) => [a.filename, a.mimeType, a.sizeBytes])).toEqual([
      ['quote.pdf', 'application/pdf', 22],
      ['shelf.heic', 'image/heic', 300 * 1024],
      ['terms.pdf', 'application/pdf', 0],
    ])
    expect(await readFile(sandbox.state.media.get(sent.message.attachments[1]!.id)!.path!)).toEqual(
      await readFile(photo),
    )
    // Progress only grows and ends at the full body (files plus the multipart framing).
    expect(progress.length).toBeGreaterThan(2)
    expect(progress.every((p, i) => i === 0 || p.sentBytes > progress[i - 1]!.sentBytes)).toBe(true)
    expect(progress.at(-1)!.sentBytes).toBe(progress.at(-1)!.totalBytes)
    expect(progress.at(-1)!.totalBytes).toBeGreaterThan(22 + 300 * 1024)

    const replay = await linq.sendMessage(chatId, { text: 'Your quote and the photo', idempotencyKey: key })
    expect(replay).toEqual({ message: sent.message, replayed: true })
    expect(record.messages.filter((m) => m.text === 'Your quote and the photo')).toHaveLength(1)

    expect(await linq.getChatMessage(chatId, sent.message.id)).toEqual(sent.message)
    sandbox.simulate.advanceDeliveries()
    expect(await linq.getChatMessage(chatId, sent.message.id)).toEqual({
      ...sent.message,
      status: 'delivered',
    })
    sandbox.simulate.advanceDeliveries()
    expect(await linq.getChatMessage(chatId, sent.message.id)).toEqual({ ...sent.message, status: 'read' })
  })

  it('inbound messages are not ours; a failed delivery says why in plain words', async () => {
    const linq = client()
    const record = richChat()
    const chatId = String(record.chat.id)
    const inbound = sandbox.simulate.inboundMessage(record.chat.id, { text: 'Is it in stock?' })
    const customer = record.chat.chat_handles.find((h) => h.id !== record.ownHandleId)!.phone_number
    expect(await linq.getChatMessage(chatId, String(inbound.id))).toEqual({
      ...expectedMessage(inbound, record, src),
      isFromMe: false,
      status: 'received',
      from: customer,
    })
    const { message } = await linq.sendMessage(chatId, {
      text: 'Checking',
      idempotencyKey: newIdempotencyKey(),
    })
    record.messages.find((m) => String(m.id) === message.id)!.delivery_status = 'service_unavailable'
    expect((await linq.getChatMessage(chatId, message.id)).failure).toEqual({
      message: "The recipient can't be reached on iMessage, RCS or SMS right now.",
      retryable: false,
    })
    expect((await linq.getChatMessage(chatId, message.id)).status).toBe('failed')
  })

  it('editMessage, reactToMessage, getChatMessageReaction and deleteMessage', async () => {
    const linq = client()
    const record = richChat()
    const chatId = String(record.chat.id)
    const { message } = await linq.sendMessage(chatId, {
      text: 'See you at 5',
      idempotencyKey: newIdempotencyKey(),
    })
    const stored = () => record.messages.find((m) => String(m.id) === message.id)

    expect(await linq.editMessage(chatId, message.id, 'See you at 6')).toEqual({
      id: message.id,
      text: 'See you at 6',
    })
    expect(stored()!.text).toBe('See you at 6')
    const edited = await linq.getChatMessage(chatId, message.id)
    expect(edited).toEqual({ ...message, text: 'See you at 6', editedAt: stored()!.edited_at })
    expect(edited.editedAt).toMatch(/^\d{4}-\d\d-\d\dT/)

    const reaction = await linq.reactToMessage(message.id, 'laugh', 'add')
    const wireReaction = stored()!.reactions[0]!
    expect(reaction).toEqual({
      id: String(wireReaction.id),
      type: 'laugh',
      isFromMe: true,
      from: record.ownNumber,
      sentAt: wireReaction.sent_at,
    })
    expect(await linq.getChatMessageReaction(reaction.id)).toEqual(reaction)
    expect((await linq.getChatMessage(chatId, message.id)).reactions).toEqual([reaction])
    expect(await linq.reactToMessage(message.id, 'laugh', 'remove')).toEqual(reaction)
    expect(stored()!.reactions).toEqual([])

    await linq.deleteMessage(chatId, message.id)
    expect(stored()).toBeUndefined()
    await expect(linq.getChatMessage(chatId, message.id)).rejects.toMatchObject({
      kind: 'http',
      status: 404,
      code: 'not_found',
      retryable: false,
    })
  })

  it('downloadAttachment streams the bytes to disk', async () => {
    const linq = client()
    const record = richChat()
    const wire = record.messages.find((m) => m.attachments.length)!.attachments[0]!
    const dest = join(dir, `download-${wire.filename}`)
    await linq.downloadAttachment(wire.url, dest)
    expect(await readFile(dest)).toEqual(sandbox.state.media.get(wire.id)!.bytes)
  })
})

describe('pagination helpers', () => {
  it('iterateChatMessages: newest first for a thread, oldest first from `after` to catch up', async () => {
    const linq = client()
    const chatId = String(sandbox.state.bigChatId)
    const all = sandbox.state.messagesOf(sandbox.state.bigChatId)
    const pages: string[][] = []
    for await (const page of linq.iterateChatMessages(chatId, { order: 'newest-first', perPage: 100 }))
      pages.push(page.items.map((m) => m.id))
    expect(pages.map((p) => p.length)).toEqual([100, 100, all.length - 200])
    expect(pages.flat()).toEqual(all.map((m) => String(m.id)).reverse())

    const caughtUp: string[] = []
    for await (const page of linq.iterateChatMessages(chatId, {
      order: 'oldest-first',
      after: all[239]!.sent_at,
      perPage: 4,
    })) {
      caughtUp.push(...page.items.map((m) => m.id))
    }
    expect(caughtUp).toEqual(all.slice(240).map((m) => String(m.id)))
  })

  it('iterateChatMessages does not repeat messages when new ones arrive between pages', async () => {
    const linq = client()
    const record = chatOf(sandbox.state.bigChatId)
    const before = record.messages.map((m) => String(m.id)).reverse()
    const seen: string[] = []
    for await (const page of linq.iterateChatMessages(String(record.chat.id), {
      order: 'newest-first',
      perPage: 50,
    })) {
      seen.push(...page.items.map((m) => m.id))
      // Two arrive while the user scrolls: every later page shifts by two.
      if (seen.length === 50)
        for (let i = 0; i < 2; i++)
          sandbox.simulate.inboundMessage(record.chat.id, { text: `meanwhile ${i}` })
    }
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(before)
  })

  it('backfillChats fetches the newest pages of many chats, oldest first per chat', async () => {
    const linq = client()
    const chatIds = records().map((r) => String(r.chat.id))
    const pagesSeen: string[] = []
    const backfilled = await linq.backfillChats(chatIds, {
      pagesPerChat: 2,
      perPage: 10,
      concurrency: 4,
      onPage: (chatId, page) => pagesSeen.push(`${chatId}:${page.page}`),
    })
    expect([...backfilled.keys()]).toEqual(chatIds)
    for (const id of chatIds) {
      const record = chatOf(id)
      expect(backfilled.get(id), id).toEqual(
        record.messages.slice(-20).map((m) => expectedMessage(m, record, src)),
      )
    }
    // Chats with a single page are not asked for a second one.
    const short = chatIds.filter((id) => chatOf(id).messages.length <= 10)
    expect(short.length).toBeGreaterThan(0)
    for (const id of short) expect(pagesSeen).not.toContain(`${id}:2`)
  })
})

describe('contacts and webhook subscriptions', () => {
  it('create, get, update, patch, find, list and delete a contact', async () => {
    const linq = client()
    const created = await linq.createContact({
      firstName: 'Bo',
      lastName: 'Diaz',
      email: 'bo@example.com',
      phoneNumber: '(415) 555-0177',
    })
    const wire = sandbox.state.contacts.get(Number(created.id))!
    const expected = {
      id: String(wire.id),
      firstName: 'Bo',
      lastName: 'Diaz',
      fullName: 'Bo Diaz',
      email: 'bo@example.com',
      phoneNumber: '+14155550177',
      company: '',
      title: '',
      location: '',
      imageUrl: null,
      createdAt: wire.created_at,
      updatedAt: wire.updated_at,
      owner: {
        id: String(wire.contact_owner!.id),
        email: wire.contact_owner!.email,
        name: wire.contact_owner!.name,
      },
    }
    expect(created).toEqual(expected)
    expect(await linq.getContact(created.id)).toEqual(expected)
    const updated = await linq.updateContact(created.id, { company: 'Acme' })
    expect(updated).toEqual({ ...expected, company: 'Acme', updatedAt: wire.updated_at })
    const patched = await linq.partiallyUpdateContact(created.id, { title: 'CEO' })
    expect(patched).toEqual({ ...expected, company: 'Acme', title: 'CEO', updatedAt: wire.updated_at })
    expect(await linq.findContact({ email: 'bo@example.com' })).toEqual(patched)
    expect(await linq.findContact({ phoneNumber: '+14155550177' })).toEqual(patched)
    expect(await linq.listContacts({ perPage: 10 })).toEqual({
      items: [patched],
      page: 1,
      totalPages: 1,
      totalCount: 1,
      perPage: 10,
    })
    await linq.deleteContact(created.id)
    expect(sandbox.state.contacts.has(Number(created.id))).toBe(false)
    expect(await linq.findContact({ email: 'bo@example.com' })).toBeNull()
    await expect(linq.getContact(created.id)).rejects.toMatchObject({
      kind: 'http',
      status: 404,
      title: 'Contact not found',
      retryable: false,
    })
  })

  it('create, list, update and delete a webhook subscription', async () => {
    const linq = client()
    const created = await linq.createWebhookSubscription({
      url: 'https://example.com/hooks',
      events: ['message.received'],
      secret: 's3cret',
    })
    const wire = sandbox.state.webhooks.get(Number(created.id))!
    const expected = {
      id: String(wire.id),
      url: 'https://example.com/hooks',
      version: 2,
      events: ['message.received'],
      active: true,
      secretConfigured: true,
      lastDeliveredAt: null,
      deliveryAttempts: 0,
      createdAt: wire.created_at,
      updatedAt: wire.updated_at,
    }
    expect(created).toEqual(expected)
    expect(await linq.listWebhookSubscriptions()).toEqual([expected])
    const updated = await linq.updateWebhookSubscription(created.id, {
      url: 'https://example.com/hooks2',
      events: ['message.sent', 'message.read'],
      active: false,
    })
    expect(updated).toEqual({
      ...expected,
      url: 'https://example.com/hooks2',
      events: ['message.sent', 'message.read'],
      active: false,
      updatedAt: wire.updated_at,
    })
    await linq.deleteWebhookSubscription(created.id)
    expect(await linq.listWebhookSubscriptions()).toEqual([])
  })
})
