import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { createLinqClient, LinqApiError, newIdempotencyKey } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'

let sandbox: Sandbox
let dir: string
const fast = { retry: { baseDelayMs: 5, maxDelayMs: 50 }, pacing: { perChatIntervalMs: 0 } }

beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: 9, bigChatSize: 250 })
  dir = await mkdtemp(join(tmpdir(), 'linq-client-'))
})
afterAll(async () => {
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

const client = (extra: Partial<Parameters<typeof createLinqClient>[0]> = {}) =>
  createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token, ...fast, ...extra })
const someChat = () => [...sandbox.state.chats.values()].find((r) => r.chat.id !== sandbox.state.bigChatId && r.messages.length > 3)!

describe('methods against the sandbox, mapped to the domain model', () => {
  it('phone numbers and chats', async () => {
    const linq = client()
    const numbers = await linq.listPhoneNumbers()
    expect(numbers).toEqual(sandbox.state.phoneNumbers.map((p) => ({ id: String(p.id), number: p.phone_number, forwardingNumber: p.forwarding_number })))
    const record = someChat()
    const page = await linq.listChats(record.ownNumber, { perPage: 100 })
    const chat = page.items.find((c) => c.id === String(record.chat.id))!
    const others = record.chat.chat_handles.filter((h) => h.id !== record.ownHandleId)
    expect(chat).toEqual({
      id: String(record.chat.id),
      phoneNumber: record.ownNumber,
      title: record.chat.display_name,
      service: record.chat.service,
      isGroup: record.chat.group,
      participants: others.map((h) => ({ id: String(h.id), handle: h.phone_number, service: h.service })),
      messageCount: record.messages.length,
      lastMessage: null,
      lastActivityAt: null,
      unreadCount: 0,
    })
    expect(page.totalCount).toBe([...sandbox.state.chats.values()].filter((c) => c.ownNumber === record.ownNumber).length)
    expect(await linq.getChat(chat.id)).toEqual(chat)
    expect(await linq.findChat(record.ownNumber, others.map((h) => h.phone_number))).toEqual(chat)
    expect(await linq.findChat(record.ownNumber, ['+19995550000'])).toBeNull()
    await linq.markChatAsRead(chat.id)
    await linq.startTypingIndicator(chat.id)
    await linq.stopTypingIndicator(chat.id)
    await linq.shareContactCard(chat.id)
    expect((await linq.updatePhoneNumber(numbers[2]!.id, '+14155550999')).forwardingNumber).toBe('+14155550999')
    const created = await linq.createChat({ sendFrom: numbers[0]!.number, phoneNumbers: ['+13105550123'], text: 'Hello!', idempotencyKey: newIdempotencyKey() })
    expect(created.chat.participants.map((p) => p.handle)).toEqual(['+13105550123'])
    expect((await linq.checkIMessageAvailability('+13105550124')).available).toBe(true)
  })

  it('messages: list, send with files and URLs, get, edit, react, delete', async () => {
    const linq = client({ attachmentSrc: (id) => `linq-media://x/${id}` })
    const record = someChat()
    const chatId = String(record.chat.id)
    const newest = await linq.listChatMessages(chatId, { sort: 'desc', perPage: 2 })
    const wire = record.messages.at(-1)!
    expect(newest.items[0]).toMatchObject({ id: String(wire.id), chatId, text: wire.text, sentAt: wire.sent_at, from: wire.sent_from, isFromMe: wire.sent_from === record.ownNumber })
    expect(newest.totalCount).toBe(record.messages.length)
    const file = join(dir, 'quote.pdf')
    await writeFile(file, '%PDF-1.4 test')
    const progress: number[] = []
    const key = newIdempotencyKey()
    expect(key).toMatch(/^[a-zA-Z0-9_-]+$/)
    const sent = await linq.sendMessage(chatId, { text: 'Your quote', idempotencyKey: key, attachments: [{ path: file }], attachmentUrls: ['https://example.com/terms.pdf'] }, { onProgress: (p) => progress.push(p.sentBytes) })
    expect(sent.replayed).toBe(false)
    expect(sent.message).toMatchObject({ text: 'Your quote', isFromMe: true, status: 'sent', localId: null, failure: null })
    expect(sent.message.attachments.map((a) => [a.filename, a.mimeType, a.sizeBytes])).toEqual([['quote.pdf', 'application/pdf', 13], ['terms.pdf', 'application/pdf', 0]])
    expect(sent.message.attachments[0]!.src).toBe(`linq-media://x/${sent.message.attachments[0]!.id}`)
    expect(sent.message.attachments[0]!.remoteUrl).toMatch(/\/sandbox-media\//)
    expect(progress.at(-1)).toBeGreaterThan(13)
    const replay = await linq.sendMessage(chatId, { text: 'Your quote', idempotencyKey: key })
    expect(replay).toEqual({ message: sent.message, replayed: true })
    sandbox.simulate.advanceDeliveries()
    expect((await linq.getChatMessage(chatId, sent.message.id)).status).toBe('delivered')
    sandbox.simulate.advanceDeliveries()
    expect((await linq.getChatMessage(chatId, sent.message.id)).status).toBe('read')
    expect(await linq.editMessage(chatId, sent.message.id, 'Your updated quote')).toEqual({ id: sent.message.id, text: 'Your updated quote' })
    expect((await linq.getChatMessage(chatId, sent.message.id)).editedAt).not.toBeNull()
    const reaction = await linq.reactToMessage(sent.message.id, 'laugh', 'add')
    expect(reaction).toMatchObject({ type: 'laugh', isFromMe: true, from: record.ownNumber })
    expect(await linq.getChatMessageReaction(reaction.id)).toEqual(reaction)
    await linq.reactToMessage(sent.message.id, 'laugh', 'remove')
    const downloaded = join(dir, 'downloaded.pdf')
    await linq.downloadAttachment(sent.message.attachments[0]!.remoteUrl!, downloaded)
    await expect((await import('node:fs/promises')).readFile(downloaded, 'utf8')).resolves.toBe('%PDF-1.4 test')
    await linq.deleteMessage(chatId, sent.message.id)
    await expect(linq.getChatMessage(chatId, sent.message.id)).rejects.toMatchObject({ kind: 'http', status: 404, code: 'not_found', retryable: false })
  })

  it('contacts and webhook subscriptions pass through', async () => {
    const linq = client()
    const contact = await linq.createContact({ contact: { first_name: 'Bo', email: 'bo@example.com' } })
    expect(await linq.getContact(String(contact.id))).toMatchObject({ email: 'bo@example.com' })
    expect(await linq.updateContact(String(contact.id), { contact: { company: 'Acme' } })).toMatchObject({ company: 'Acme' })
    expect(await linq.partiallyUpdateContact(String(contact.id), { contact: { title: 'CEO' } })).toMatchObject({ title: 'CEO' })
    expect(await linq.findContact({ email: 'bo@example.com' })).toMatchObject({ id: contact.id })
    expect((await linq.listContacts()).contacts).toHaveLength(1)
    await linq.deleteContact(String(contact.id))
    expect(await linq.findContact({ email: 'bo@example.com' })).toBeNull()
    await expect(linq.getContact(String(contact.id))).rejects.toMatchObject({ status: 404, code: 'not_found' })
    const hook = await linq.createWebhookSubscription({ webhook_url: 'https://example.com/h', version: 2, events: ['message.received'] })
    expect(await linq.listWebhookSubscriptions()).toHaveLength(1)
    expect(await linq.updateWebhookSubscription(String(hook.id), { webhook_url: 'https://example.com/h2', version: 2, events: ['message.sent'] })).toMatchObject({ webhook_url: 'https://example.com/h2' })
    await linq.deleteWebhookSubscription(String(hook.id))
  })

  it('iterates pages newest-first, catches up with after, and backfills concurrently', async () => {
    const linq = client()
    const chatId = String(sandbox.state.bigChatId)
    const all = sandbox.state.messagesOf(sandbox.state.bigChatId)
    const seen: string[] = []
    for await (const page of linq.iterateChatMessages(chatId, { order: 'newest-first', perPage: 100 })) seen.push(...page.items.map((m) => m.id))
    expect(seen).toEqual(all.map((m) => String(m.id)).reverse())
    const caughtUp: string[] = []
    for await (const page of linq.iterateChatMessages(chatId, { order: 'oldest-first', after: all[239]!.sent_at, perPage: 4 })) caughtUp.push(...page.items.map((m) => m.id))
    expect(caughtUp).toEqual(all.slice(240).map((m) => String(m.id)))
    const chats = [...sandbox.state.chats.keys()].map(String)
    const backfilled = await linq.backfillChats(chats, { pagesPerChat: 2, perPage: 10, concurrency: 4 })
    for (const id of chats) {
      const expected = sandbox.state.messagesOf(Number(id)).slice(-20).map((m) => String(m.id))
      expect(backfilled.get(id)!.map((m) => m.id)).toEqual(expected)
    }
  })
})

describe('errors', () => {
  it('non-retryable 4xx fail at once with the right error; files are checked before upload', async () => {
    const linq = client()
    const before = sandbox.state.requestCounts.getChat ?? 0
    const error = await linq.getChat('424242').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LinqApiError)
    expect(error).toMatchObject({ kind: 'http', status: 404, code: 'not_found', detail: 'Chat not found.', retryable: false, operationId: 'getChat' })
    expect(sandbox.state.requestCounts.getChat).toBe(before + 1)
    expect((error as LinqApiError).toIpc()).toEqual({ kind: 'not-found', message: 'Chat not found.', retryable: false })
    const bad = await createLinqClient({ baseUrl: sandbox.baseUrl, token: 'wrong', ...fast }).listPhoneNumbers().catch((e: unknown) => e)
    expect((bad as LinqApiError).toIpc().kind).toBe('unauthorized')
    const chatId = String(someChat().chat.id)
    await mkdir(join(dir, 'folder'), { recursive: true })
    const sends = sandbox.state.requestCounts.sendMessage ?? 0
    for (const [path, message] of [
      [join(dir, 'missing.png'), 'missing.png no longer exists.'],
      [join(dir, 'folder'), "folder is a folder — folders can't be sent."],
    ] as const) {
      await expect(linq.sendMessage(chatId, { text: 'x', idempotencyKey: newIdempotencyKey(), attachments: [{ path }] })).rejects.toMatchObject({ kind: 'invalid-file', message })
    }
    await writeFile(join(dir, 'big.bin'), Buffer.alloc(2048))
    const small = client({ maxAttachmentBytes: 1024 })
    await expect(small.sendMessage(chatId, { text: 'x', idempotencyKey: newIdempotencyKey(), attachments: [{ path: join(dir, 'big.bin') }] })).rejects.toMatchObject({ kind: 'invalid-file', message: expect.stringContaining('the limit is') })
    expect(sandbox.state.requestCounts.sendMessage ?? 0).toBe(sends)
  })

  it('reads both error formats, rejects malformed bodies clearly, times out, aborts, and never leaks the token', async () => {
    const token = 'tok_SECRET_abcdef123456'
    let mode = ''
    const server = createServer((req, res) => {
      if (mode === 'standard') {
        res.writeHead(422, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ status: '422', error_code: 'invalid', message: 'Validation failed', errors: [`bad token ${token}`] }))
      }
      if (mode === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' })
        return res.end('<html>proxy login</html>')
      }
      if (mode === 'shape') {
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ phone_numbers: [{ id: 1 }] }))
      }
      if (mode === 'hang') return // never answers
      res.writeHead(500).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const lines: string[] = []
    const linq = createLinqClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token,
      timeoutMs: 200,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      logger: createLogger({ console: false, sink: (l) => lines.push(l) }),
    })
    try {
      mode = 'standard'
      const standard = (await linq.listContacts().catch((e: unknown) => e)) as LinqApiError
      expect(standard).toMatchObject({ kind: 'http', status: 422, code: 'invalid', title: 'Validation failed' })
      expect(standard.detail).toContain('[redacted]')
      expect(JSON.stringify({ ...standard, message: standard.message, stack: standard.stack })).not.toContain(token)
      mode = 'html'
      await expect(linq.listPhoneNumbers()).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringContaining('not valid JSON') })
      mode = 'shape'
      await expect(linq.listPhoneNumbers()).rejects.toMatchObject({ kind: 'bad-response', message: expect.stringContaining('phone_number') })
      mode = 'hang'
      await expect(linq.listPhoneNumbers()).rejects.toMatchObject({ kind: 'timeout', retryable: true })
      const controller = new AbortController()
      const pending = linq.listPhoneNumbers({ signal: controller.signal })
      controller.abort()
      await expect(pending).rejects.toMatchObject({ kind: 'aborted' })
      expect(lines.join('\n')).not.toContain(token)
    } finally {
      server.closeAllConnections()
      server.close()
    }
    const offline = createLinqClient({ baseUrl: 'http://127.0.0.1:9', token, retry: { maxAttempts: 1 } })
    await expect(offline.listPhoneNumbers()).rejects.toMatchObject({ kind: 'network', retryable: true })
  })
})

describe('resilience under injected faults (server state is the judge)', () => {
  it('a send through a 429 storm, 500s, resets, lost replies and timeouts lands exactly once', async () => {
    const record = someChat()
    const chatId = String(record.chat.id)
    const linq = client({ timeoutMs: 300, retry: { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 1100 } })
    sandbox.faults.set({
      rules: [
        { route: 'sendMessage', status: 429, retryAfterSeconds: 1, times: 1 },
        { route: 'sendMessage', status: 429, retryAfterSeconds: 0, times: 2 },
        { route: 'sendMessage', status: 500, times: 1 },
        { route: 'sendMessage', reset: true, times: 1 },
        { route: 'sendMessage', resetAfterProcessing: true, times: 1 },
        { route: 'sendMessage', latencyMs: 600, times: 1 },
      ],
    })
    const before = sandbox.state.requestCounts.sendMessage ?? 0
    const text = `exactly once ${newIdempotencyKey()}`
    const started = Date.now()
    const result = await linq.sendMessage(chatId, { text, idempotencyKey: newIdempotencyKey() })
    sandbox.faults.clear()
    expect(sandbox.state.messagesOf(record.chat.id).filter((m) => m.text === text)).toHaveLength(1)
    expect(result.message.text).toBe(text)
    expect((sandbox.state.requestCounts.sendMessage ?? 0) - before).toBeGreaterThanOrEqual(7)
    // The first 429 asked for a 1 s wait, and the client obeyed it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
  })

  it('GETs succeed after 5xx, resets and truncated bodies; non-idempotent calls are not retried', async () => {
    const linq = client()
    sandbox.faults.set({ rules: [
      { route: 'listChats', status: 503, retryAfterSeconds: 0, times: 1 },
      { route: 'listChats', reset: true, times: 1 },
      { route: 'listChats', truncateBody: true, times: 1 },
      { route: 'listChats', status: 502, times: 1 },
    ] })
    const page = await linq.listChats('+14155550101')
    expect(page.items.length).toBeGreaterThan(0)
    sandbox.faults.set({ rules: [{ route: 'createContact', status: 500, times: 1 }] })
    const before = sandbox.state.requestCounts.createContact ?? 0
    await expect(linq.createContact({ contact: { first_name: 'Once' } })).rejects.toMatchObject({ status: 500 })
    expect(sandbox.state.requestCounts.createContact).toBe(before + 1)
    sandbox.faults.clear()
  })

  it('paces a burst of sends to one chat and keeps their order', async () => {
    const record = someChat()
    const linq = client({ pacing: { perChatIntervalMs: 20 } })
    sandbox.faults.set({ rules: [{ route: 'sendMessage', latencyMs: 30, jitterMs: 40 }] })
    const texts = Array.from({ length: 8 }, (_, i) => `burst ${i} ${newIdempotencyKey()}`)
    await Promise.all(texts.map((text) => linq.sendMessage(String(record.chat.id), { text, idempotencyKey: newIdempotencyKey() })))
    sandbox.faults.clear()
    const stored = sandbox.state.messagesOf(record.chat.id).map((m) => m.text).filter((t) => t.startsWith('burst '))
    expect(stored).toEqual(texts)
  })
})
