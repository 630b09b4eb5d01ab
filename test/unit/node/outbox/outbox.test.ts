// The durable outbox against the sandbox. The server's state is the judge: every message lands exactly
// once, in order per chat, however often the network fails and the outbox is stopped and started again.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Message } from '../../../../src/shared/domain'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createLinqClient, type LinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import { createOutbox, type OutboxOptions } from '../../../../src/main/services/outbox/outbox'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'

let sandbox: Sandbox
let dir: string
const logger = createLogger({ console: false, sink: () => undefined })

beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: 8, bigChatSize: 30, activity: false })
})
afterAll(async () => {
  await sandbox.close()
})
afterEach(async () => {
  sandbox.faults.clear()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const client = (timeoutMs = 1_000): LinqClient =>
  createLinqClient({
    baseUrl: sandbox.baseUrl,
    token: sandbox.token,
    timeoutMs,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 200 },
    pacing: { perChatIntervalMs: 0 },
  })

function recorder() {
  const sent: { localId: string; serverId: string; replayed: boolean }[] = []
  const changes: Message[] = []
  const removed: string[] = []
  return {
    sent,
    changes,
    removed,
    options: (extra: Partial<OutboxOptions> = {}): OutboxOptions => ({
      dir,
      engine: confEngine,
      logger,
      client: client(),
      senderFor: () => '+15550000000',
      fileSrc: (localId, index) => `/media/outbox/${localId}/${index}`,
      onChange: (m) => changes.push(m),
      onSent: (entry, result) => {
        sent.push({ localId: entry.localId, serverId: result.message.id, replayed: result.replayed })
      },
      onRemoved: (_chatId, localId) => removed.push(localId),
      backoff: { baseMs: 20, maxMs: 200 },
      ...extra,
    }),
  }
}

const chatIds = () =>
  [...sandbox.state.chats.values()]
    .map((r) => String(r.chat.id))
    .filter((id) => id !== String(sandbox.state.bigChatId))
const serverTexts = (chatId: string, prefix: string) =>
  sandbox.state
    .messagesOf(Number(chatId))
    .filter((m) => m.text.startsWith(prefix))
    .map((m) => m.text)

describe('the outbox', () => {
  it('200 sends through 429s, 500s, resets and timeouts, stopped and restarted three times: each lands once, in order, nothing left', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-outbox-'))
    const rec = recorder()
    sandbox.faults.set({
      seed: 7,
      rules: [
        { route: 'sendMessage', probability: 0.12, status: 429, retryAfterSeconds: 0 },
        { route: 'sendMessage', probability: 0.1, status: 500 },
        { route: 'sendMessage', probability: 0.08, reset: true },
        // Linq stores the message and the answer is lost: only the idempotency key prevents a duplicate.
        { route: 'sendMessage', probability: 0.08, resetAfterProcessing: true },
        // Longer than the client's timeout.
        { route: 'sendMessage', probability: 0.04, latencyMs: 1_500 },
      ],
    })
    const chats = chatIds().slice(0, 5)
    const prefix = `chaos-${Date.now()}-`
    const expected = new Map<string, string[]>(chats.map((c) => [c, []]))
    let outbox = createOutbox(rec.options())
    outbox.start()
    let queued = 0
    for (let restart = 0; restart <= 3; restart++) {
      for (let i = 0; i < 50; i++, queued++) {
        const chatId = chats[queued % chats.length]!
        const text = `${prefix}${String(queued).padStart(3, '0')}`
        expected.get(chatId)!.push(text)
        await outbox.enqueue({ chatId, text, files: [] })
      }
      // Let some of it go out, then pull the plug mid-flight and start a new instance on the same files.
      await new Promise((r) => setTimeout(r, 150))
      if (restart < 3) {
        await outbox.stop()
        outbox = createOutbox(rec.options())
        outbox.start()
      }
    }
    await outbox.idle()
    sandbox.faults.clear()

    expect(queued).toBe(200)
    for (const chatId of chats) expect(serverTexts(chatId, prefix)).toEqual(expected.get(chatId))
    expect(outbox.all()).toEqual([])
    // Some sends really were lost and replayed: the test exercised the idempotency path.
    expect(rec.sent.some((s) => s.replayed)).toBe(true)
    await outbox.stop()
  }, 120_000)

  it('copies attachments at enqueue, so deleting the original after pressing send loses nothing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-outbox-'))
    const rec = recorder()
    const original = join(dir, 'photo.png')
    await writeFile(original, Buffer.alloc(4096, 7))
    sandbox.faults.set({ rules: [{ route: 'sendMessage', status: 503, retryAfterSeconds: 0, times: 6 }] })
    const outbox = createOutbox(rec.options())
    outbox.start()
    const chatId = chatIds()[0]!
    const queuedMessage = await outbox.enqueue({
      chatId,
      text: 'with a photo',
      files: [
        {
          name: 'photo.png',
          mimeType: 'image/png',
          copyTo: async (dest) => {
            await copyFile(original, dest)
            return 4096
          },
        },
      ],
    })
    expect(queuedMessage.status).toBe('queued')
    expect(queuedMessage.attachments[0]).toMatchObject({ filename: 'photo.png', sizeBytes: 4096 })
    await rm(original)
    await outbox.idle()
    const stored = sandbox.state.messagesOf(Number(chatId)).filter((m) => m.text === 'with a photo')
    expect(stored).toHaveLength(1)
    expect(stored[0]!.attachments[0]).toMatchObject({ filename: 'photo.png', file_size: 4096 })
    await outbox.stop()
  })

  it('a permanent refusal marks the message failed with the reason; retry sends it with the same key, discard removes it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-outbox-'))
    const rec = recorder()
    const outbox = createOutbox(rec.options())
    outbox.start()
    // A chat Linq does not know: 404, which no retry fixes.
    const failed = await outbox.enqueue({ chatId: '999999', text: 'to nowhere', files: [] })
    await outbox.idle()
    const last = rec.changes.filter((m) => m.localId === failed.localId).at(-1)!
    expect(last.status).toBe('failed')
    expect(last.failure?.message).toMatch(/not found/i)
    const key = outbox.all()[0]!.idempotencyKey

    outbox.retry(failed.localId!)
    await outbox.idle()
    expect(outbox.all()[0]!.idempotencyKey).toBe(key)
    expect(outbox.all()[0]!.attempts).toBe(2)

    await outbox.discard(failed.localId!)
    expect(outbox.all()).toEqual([])
    expect(rec.removed).toEqual([failed.localId])
    await outbox.stop()
  })

  it('keeps later messages of a chat behind one that is still retrying, so they land in order', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-outbox-'))
    const rec = recorder()
    sandbox.faults.set({ rules: [{ route: 'sendMessage', status: 500, times: 8 }] })
    const outbox = createOutbox(rec.options())
    outbox.start()
    const chatId = chatIds()[1]!
    const prefix = `order-${Date.now()}-`
    for (let i = 0; i < 5; i++) await outbox.enqueue({ chatId, text: `${prefix}${i}`, files: [] })
    await outbox.idle()
    expect(serverTexts(chatId, prefix)).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}${i}`))
    await outbox.stop()
  })

  it('cancel stops a slow upload and keeps the message as failed and retryable', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-outbox-'))
    const rec = recorder()
    sandbox.faults.set({ rules: [{ route: 'sendMessage', latencyMs: 5_000, times: 1 }] })
    const outbox = createOutbox(rec.options({ client: client(10_000) }))
    outbox.start()
    const message = await outbox.enqueue({ chatId: chatIds()[2]!, text: 'slow one', files: [] })
    await new Promise((r) => setTimeout(r, 100))
    outbox.cancel(message.localId!)
    await outbox.idle()
    expect(outbox.all()[0]).toMatchObject({ state: 'failed', failure: { retryable: true } })
    await outbox.stop()
  })
})
