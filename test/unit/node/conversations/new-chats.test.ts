// The new-chat queue against the real sandbox and real files: a creation whose answer was lost is found,
// not made twice; one queued offline survives a restart and lands once; a damaged entry on disk is set
// aside while the rest loads.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { DamageReport } from '../../../../src/main/services/persist/documents'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createNewChats, type NewChats } from '../../../../src/main/services/conversations/new-chats'
import { createLinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'

const logger = createLogger({ console: false, sink: () => undefined })
const FROM = '+14155550101'
let sandbox: Sandbox
let dir: string
let queues: NewChats[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: 4, bigChatSize: 20, activity: false })
})
afterAll(() => sandbox.close())
afterEach(async () => {
  await Promise.all(queues.map((q) => q.stop()))
  queues = []
  sandbox.faults.clear()
  await rm(dir, { recursive: true, force: true })
})

function open(opts: { retries?: number; damage?: DamageReport[] } = {}) {
  const created: { localId: string; chatId: string; text: string }[] = []
  const client = createLinqClient({
    baseUrl: sandbox.baseUrl,
    token: sandbox.token,
    timeoutMs: 2_000,
    // One attempt per call: the queue's own retry (find before create) is what is under test.
    retry: { maxAttempts: opts.retries ?? 1, baseDelayMs: 10, maxDelayMs: 50 },
  })
  const queue = createNewChats({
    dir,
    engine: confEngine,
    logger,
    client,
    backoff: { baseMs: 20, maxMs: 100 },
    onDamage: (report) => opts.damage?.push(report),
    onCreated: (localId, chat, message) => created.push({ localId, chatId: chat.id, text: message.text }),
    onChange: () => undefined,
  })
  queues.push(queue)
  return { queue, created }
}

const chatsWith = (handles: string[]) =>
  [...sandbox.state.chats.values()].filter(
    (r) =>
      r.chat.chat_handles
        .filter((h) => h.id !== r.ownHandleId)
        .map((h) => h.phone_number)
        .sort()
        .join('|') === [...handles].sort().join('|'),
  )

describe('new chats', () => {
  it('an answer lost after Linq created the chat: the retry finds it and its message, nothing twice', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-newchats-'))
    const to = ['+33612345670']
    sandbox.faults.set({ rules: [{ route: 'createChat', resetAfterProcessing: true, times: 1 }] })
    const { queue, created } = open()
    queue.start()
    const pending = queue.enqueue({ from: FROM, to, displayName: null, text: 'Hello once' })
    await queue.idle()
    expect(sandbox.state.requestCounts.createChat).toBe(1)
    const chats = chatsWith(to)
    expect(chats).toHaveLength(1)
    expect(chats[0]!.messages.map((m) => m.text)).toEqual(['Hello once'])
    expect(created).toEqual([
      { localId: pending.localId, chatId: String(chats[0]!.chat.id), text: 'Hello once' },
    ])
    expect(queue.list()).toEqual([])
  })

  it('queued offline, kept through a restart, created once when Linq answers again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-newchats-'))
    const to = ['+33612345672', '+447700900124']
    sandbox.faults.set({ rules: [{ reset: true }] })
    const first = open()
    first.queue.start()
    first.queue.enqueue({ from: FROM, to, displayName: 'Team', text: 'From the train' })
    await expect.poll(() => first.queue.list()[0]?.state).toBe('queued')
    await new Promise((resolve) => setTimeout(resolve, 100))
    await first.queue.stop()
    const saved = JSON.parse(await readFile(join(dir, 'new-chats.json'), 'utf8')) as { items: unknown[] }
    expect(saved.items).toHaveLength(1)
    expect(chatsWith(to)).toHaveLength(0)

    sandbox.faults.clear()
    const second = open()
    second.queue.start()
    await second.queue.idle()
    const chats = chatsWith(to)
    expect(chats).toHaveLength(1)
    expect(chats[0]!.chat.display_name).toBe('Team')
    expect(chats[0]!.messages.map((m) => m.text)).toEqual(['From the train'])
    expect(second.created).toHaveLength(1)
  })

  it('a refused creation waits for the user; a damaged entry is set aside and the rest loads', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-newchats-'))
    const good = {
      localId: 'newchat_' + 'a'.repeat(32),
      from: FROM,
      to: ['+14155550102'],
      displayName: null,
      text: 'To my own number',
      idempotencyKey: 'k_own_1',
      createdAt: new Date().toISOString(),
      state: 'sending',
      failure: null,
      attempts: 1,
    }
    await writeFile(
      join(dir, 'new-chats.json'),
      JSON.stringify({ schemaVersion: 1, items: [{ ...good, localId: 'bad', to: 'nobody' }, good] }),
    )
    const damage: DamageReport[] = []
    const { queue } = open({ damage })
    expect(damage).toMatchObject([{ document: 'new-chats', entries: 1, whole: false }])
    queue.start()
    await queue.idle()
    // Linq refuses a chat with our own number (422): it waits, failed, for retry or discard.
    expect(queue.list()).toMatchObject([{ localId: good.localId, state: 'failed' }])
    await queue.discard(good.localId)
    expect(queue.list()).toEqual([])
  })
})
