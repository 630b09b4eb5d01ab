// The client under injected faults (the sandbox's fault rules play as a script, one rule per request). The
// server's state is the judge: a send lands exactly once however many attempts it took.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../../../src/main/services/log'
import {
  createLinqClient,
  newIdempotencyKey,
  type LinqClientOptions,
} from '../../../../src/main/services/linq-api'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import type { ChatRecord } from '../../../../src/sandbox/state'

let sandbox: Sandbox
let dir: string

beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: 12, bigChatSize: 40 })
  dir = await mkdtemp(join(tmpdir(), 'linq-faults-'))
})
afterEach(() => sandbox.faults.clear())
afterAll(async () => {
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

const client = (extra: Partial<LinqClientOptions> = {}) =>
  createLinqClient({
    baseUrl: sandbox.baseUrl,
    token: sandbox.token,
    retry: { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 1500 },
    pacing: { perChatIntervalMs: 0 },
    ...extra,
  })
const chats = (): ChatRecord[] =>
  [...sandbox.state.chats.values()].filter((r) => r.chat.id !== sandbox.state.bigChatId)
const count = (operationId: string) => sandbox.state.requestCounts[operationId] ?? 0
const stored = (record: ChatRecord, text: string) =>
  sandbox.state.messagesOf(record.chat.id).filter((m) => m.text === text)

describe('sends land exactly once', () => {
  it('through a 429 storm with Retry-After, 500s, resets, a lost reply and a timeout', async () => {
    const record = chats()[0]!
    const lines: string[] = []
    const linq = client({
      timeoutMs: 400,
      retry: { maxAttempts: 12, baseDelayMs: 2, maxDelayMs: 1500 },
      logger: createLogger({ console: false, sink: (line) => lines.push(line) }),
    })
    await linq.listPhoneNumbers()
    sandbox.faults.set({
      rules: [
        { route: 'sendMessage', status: 429, retryAfterSeconds: 1, times: 1 },
        { route: 'sendMessage', status: 429, retryAfterSeconds: 0, times: 3 },
        { route: 'sendMessage', status: 500, times: 1 },
        { route: 'sendMessage', status: 503, retryAfterSeconds: 0, times: 1 },
        { route: 'sendMessage', reset: true, times: 1 },
        // The server stores the message, then the connection drops before the answer.
        { route: 'sendMessage', resetAfterProcessing: true, times: 1 },
        // Answers after the client gave up: the message exists already, so this attempt replays it.
        { route: 'sendMessage', latencyMs: 800, times: 1 },
      ],
    })
    const before = count('sendMessage')
    const text = `exactly once ${newIdempotencyKey()}`
    const result = await linq.sendMessage(String(record.chat.id), {
      text,
      idempotencyKey: newIdempotencyKey(),
    })
    expect(count('sendMessage') - before).toBe(10)
    expect(stored(record, text)).toHaveLength(1)
    expect(result).toMatchObject({
      replayed: true,
      message: { id: String(stored(record, text)[0]!.id), text, isFromMe: true, status: 'sent' },
    })
    // Every retry was logged with its wait; the first obeyed Retry-After: 1.
    const waits = lines
      .filter((l) => l.includes('sendMessage failed; retrying'))
      .map((l) => Number(/delayMs=(\d+)/.exec(l)![1]))
    expect(waits).toHaveLength(9)
    expect(waits[0]).toBeGreaterThanOrEqual(1000)
  })

  it('with a file: the multipart body is rebuilt for every attempt and arrives intact once', async () => {
    const record = chats()[1]!
    const path = join(dir, 'brochure.pdf')
    const bytes = Buffer.from(Array.from({ length: 700 * 1024 }, (_, i) => i % 251))
    await writeFile(path, bytes)
    sandbox.faults.set({
      rules: [
        { route: 'sendMessage', reset: true, times: 1 },
        { route: 'sendMessage', status: 502, times: 1 },
        { route: 'sendMessage', resetAfterProcessing: true, times: 1 },
      ],
    })
    const text = `brochure ${newIdempotencyKey()}`
    const { message } = await client().sendMessage(String(record.chat.id), {
      text,
      idempotencyKey: newIdempotencyKey(),
      attachments: [{ path }],
    })
    expect(stored(record, text)).toHaveLength(1)
    expect(message.attachments).toHaveLength(1)
    expect(await readFile(sandbox.state.media.get(message.attachments[0]!.id)!.path!)).toEqual(bytes)
  })

  it('a storm of random 429s, 500s and resets over many concurrent sends: each lands once, in order per chat', async () => {
    const linq = client({
      pacing: { perChatIntervalMs: 5 },
      retry: { maxAttempts: 20, baseDelayMs: 5, maxDelayMs: 200 },
    })
    const targets = chats().slice(2, 6)
    sandbox.faults.set({
      seed: 7,
      rules: [
        { route: 'sendMessage', status: 429, retryAfterSeconds: 0, probability: 0.3 },
        { route: 'sendMessage', status: 500, probability: 0.15 },
        { route: 'sendMessage', resetAfterProcessing: true, probability: 0.1 },
        { route: 'sendMessage', latencyMs: 5, jitterMs: 20 },
      ],
    })
    const texts = new Map(
      targets.map((r) => [
        r,
        Array.from({ length: 6 }, (_, i) => `storm ${r.chat.id} #${i} ${newIdempotencyKey()}`),
      ]),
    )
    await Promise.all(
      [...texts].flatMap(([record, list]) =>
        list.map((text) =>
          linq.sendMessage(String(record.chat.id), { text, idempotencyKey: newIdempotencyKey() }),
        ),
      ),
    )
    for (const [record, list] of texts) {
      const landed = sandbox.state
        .messagesOf(record.chat.id)
        .map((m) => m.text)
        .filter((t) => t.startsWith(`storm ${record.chat.id} `))
      expect(landed).toEqual(list)
    }
  })

  it('createChat under a lost reply and a 500 creates one chat with one first message', async () => {
    const sendFrom = sandbox.state.phoneNumbers[0]!.phone_number
    sandbox.faults.set({
      rules: [
        { route: 'createChat', resetAfterProcessing: true, times: 1 },
        { route: 'createChat', status: 500, times: 1 },
      ],
    })
    const created = await client().createChat({
      sendFrom,
      phoneNumbers: ['+13105550188'],
      text: 'Hi from Acme',
      idempotencyKey: newIdempotencyKey(),
    })
    const matching = [...sandbox.state.chats.values()].filter((r) =>
      r.chat.chat_handles.some((h) => h.phone_number === '+13105550188'),
    )
    expect(matching).toHaveLength(1)
    expect(matching[0]!.messages.map((m) => String(m.id))).toEqual([created.message.id])
  })
})

describe('reads recover; what is not idempotent is not repeated', () => {
  it('GETs succeed after 503 with Retry-After, resets, cut-off and non-JSON bodies, 502s and a slow answer', async () => {
    const linq = client({ timeoutMs: 300 })
    const own = sandbox.state.phoneNumbers[0]!.phone_number
    const expected = await linq.listChats(own)
    sandbox.faults.set({
      rules: [
        { route: 'listChats', status: 503, retryAfterSeconds: 0, times: 1 },
        { route: 'listChats', reset: true, times: 1 },
        { route: 'listChats', truncateBody: true, times: 1 },
        { route: 'listChats', malformedJson: true, times: 1 },
        { route: 'listChats', status: 502, times: 1 },
        { route: 'listChats', slowBodyMs: 1000, times: 1 },
      ],
    })
    const before = count('listChats')
    expect(await linq.listChats(own)).toEqual(expected)
    expect(count('listChats') - before).toBe(7)
  })

  it('non-retryable 4xx fail at once with the right error', async () => {
    const linq = client()
    const before = { get: count('getChat'), send: count('sendMessage'), edit: count('editMessage') }
    await expect(linq.getChat('424242')).rejects.toMatchObject({
      kind: 'http',
      status: 404,
      code: 'not_found',
      detail: 'Chat not found.',
      retryable: false,
    })
    await expect(
      linq.sendMessage('424242', { text: 'x', idempotencyKey: newIdempotencyKey() }),
    ).rejects.toMatchObject({ kind: 'http', status: 404 })
    const record = chats()[0]!
    const inbound = record.messages.find((m) => m.sent_from !== record.ownNumber)!
    const refused = await linq
      .editMessage(String(record.chat.id), String(inbound.id), 'not mine')
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({
      kind: 'http',
      status: 422,
      detail: 'Only messages sent from your Linq number can be edited.',
      retryable: false,
    })
    expect({ get: count('getChat'), send: count('sendMessage'), edit: count('editMessage') }).toEqual({
      get: before.get + 1,
      send: before.send + 1,
      edit: before.edit + 1,
    })
  })

  it('POSTs without an idempotency key (edit, react, contacts) are never repeated, even after a 5xx', async () => {
    const linq = client()
    const record = chats()[0]!
    const { message } = await linq.sendMessage(String(record.chat.id), {
      text: 'to edit',
      idempotencyKey: newIdempotencyKey(),
    })
    sandbox.faults.set({ rules: [{ route: '*', method: 'POST', status: 500, times: 3 }] })
    const before = {
      edit: count('editMessage'),
      react: count('reactToMessage'),
      contact: count('createContact'),
    }
    await expect(linq.editMessage(String(record.chat.id), message.id, 'edited')).rejects.toMatchObject({
      status: 500,
      retryable: true,
    })
    await expect(linq.reactToMessage(message.id, 'like', 'add')).rejects.toMatchObject({ status: 500 })
    await expect(linq.createContact({ firstName: 'Once' })).rejects.toMatchObject({ status: 500 })
    expect({
      edit: count('editMessage'),
      react: count('reactToMessage'),
      contact: count('createContact'),
    }).toEqual({
      edit: before.edit + 1,
      react: before.react + 1,
      contact: before.contact + 1,
    })
  })

  it('a delete whose reply was lost is done (the retry’s 404 means it is gone)', async () => {
    const linq = client()
    const record = chats()[0]!
    const { message } = await linq.sendMessage(String(record.chat.id), {
      text: 'to delete',
      idempotencyKey: newIdempotencyKey(),
    })
    sandbox.faults.set({ rules: [{ route: 'deleteMessage', resetAfterProcessing: true, times: 1 }] })
    await linq.deleteMessage(String(record.chat.id), message.id)
    expect(sandbox.state.messagesOf(record.chat.id).some((m) => String(m.id) === message.id)).toBe(false)
    // A plain 404 on the first attempt is still an error.
    await expect(linq.deleteMessage(String(record.chat.id), message.id)).rejects.toMatchObject({
      status: 404,
    })
  })

  it('the organization’s numbers are fetched again after a failure instead of caching the failure', async () => {
    const linq = client({ retry: { maxAttempts: 1 } })
    const record = chats()[0]!
    sandbox.faults.set({ rules: [{ route: 'listPhoneNumbers', status: 500, times: 1 }] })
    await expect(linq.getChat(String(record.chat.id))).rejects.toMatchObject({
      operationId: 'listPhoneNumbers',
      status: 500,
    })
    expect((await linq.getChat(String(record.chat.id))).phoneNumber).toBe(record.ownNumber)
  })
})

describe('pacing', () => {
  it('a burst to one chat goes out one at a time, in order, despite uneven latency', async () => {
    const record = chats()[6]!
    const linq = client({ pacing: { perChatIntervalMs: 20 } })
    sandbox.faults.set({ rules: [{ route: 'sendMessage', latencyMs: 5, jitterMs: 40 }] })
    const texts = Array.from({ length: 8 }, (_, i) => `burst ${i} ${newIdempotencyKey()}`)
    await Promise.all(
      texts.map((text) =>
        linq.sendMessage(String(record.chat.id), { text, idempotencyKey: newIdempotencyKey() }),
      ),
    )
    expect(
      sandbox.state
        .messagesOf(record.chat.id)
        .map((m) => m.text)
        .filter((t) => t.startsWith('burst ')),
    ).toEqual(texts)
  })

  it('a queued send that is cancelled never reaches the server; the rest still go, in order', async () => {
    const record = chats()[7]!
    const chatId = String(record.chat.id)
    const linq = client({ pacing: { perChatIntervalMs: 50 } })
    sandbox.faults.set({ rules: [{ route: 'sendMessage', latencyMs: 100, times: 1 }] })
    const before = count('sendMessage')
    const controller = new AbortController()
    const first = linq.sendMessage(chatId, { text: 'queue 1', idempotencyKey: newIdempotencyKey() })
    const cancelled = linq.sendMessage(
      chatId,
      { text: 'queue 2', idempotencyKey: newIdempotencyKey() },
      { signal: controller.signal },
    )
    const third = linq.sendMessage(chatId, { text: 'queue 3', idempotencyKey: newIdempotencyKey() })
    controller.abort()
    await expect(cancelled).rejects.toMatchObject({ kind: 'aborted', operationId: 'sendMessage' })
    await Promise.all([first, third])
    expect(count('sendMessage') - before).toBe(2)
    expect(
      sandbox.state
        .messagesOf(record.chat.id)
        .map((m) => m.text)
        .filter((t) => t.startsWith('queue ')),
    ).toEqual(['queue 1', 'queue 3'])
  })
})
