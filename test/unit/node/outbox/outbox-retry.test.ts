// How the outbox waits: an absurd Retry-After never turns into a storm (the review saw 68 POSTs in 20 s
// for Retry-After: 3000000), and a send that throws before it reaches Linq fails with its reason at once.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createLinqClient, type LinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import { createOutbox, MIN_RETRY_MS } from '../../../../src/main/services/outbox/outbox'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { outboxTestbed } from './support'

const bed = outboxTestbed()
const logger = createLogger({ console: false })

const chatId = () => bed.chatId(1)

function createTestOutbox(dir: string, client: Pick<LinqClient, 'sendMessage'>, retries: number[]) {
  return createOutbox({
    dir,
    engine: confEngine,
    logger,
    client,
    senderFor: () => '+15550000000',
    fileSrc: (id, i) => `/media/outbox/${id}/${i}`,
    onChange: () => undefined,
    onSent: () => undefined,
    onRemoved: () => undefined,
    onTransientFailure: (_error, at) => retries.push(at - Date.now()),
    // The app's defaults are 1 s and 60 s; short here so a storm would show within the window.
    backoff: { baseMs: 20, maxMs: 100 },
  })
}

/** An outbox on the file's testbed (stopped and removed after the test). */
async function open(client: Pick<LinqClient, 'sendMessage'>) {
  bed.dir = await mkdtemp(join(tmpdir(), 'linq-outbox-retry-'))
  bed.outbox = createTestOutbox(bed.dir, client, [])
  bed.outbox.start()
  return bed.outbox
}

const sandboxClient = (sandbox: Sandbox) =>
  createLinqClient({
    baseUrl: sandbox.baseUrl,
    token: sandbox.token,
    timeoutMs: 2_000,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 200 },
    pacing: { perChatIntervalMs: 0 },
  })

// Each case watches its own sandbox and outbox through a real-time window, so the cases run side by side
// (concurrent) rather than one window after another; a storm only shows more POSTs, never fewer.
describe.concurrent('the outbox under absurd Retry-After values', () => {
  const windowMs = 2_000
  // Each round of the outbox is one send of up to 3 attempts by the client, and rounds are MIN_RETRY_MS apart.
  const rounds = Math.floor(windowMs / MIN_RETRY_MS) + 1
  const cases: [string, string, { atMost: number; waitsAtLeast: number }][] = [
    // Longer than the client waits: it gives up at once and the outbox waits the capped hour.
    ['huge seconds', '3000000', { atMost: 1, waitsAtLeast: 3_500_000 }],
    ['a far-future date', 'Fri, 31 Dec 9999 23:59:59 GMT', { atMost: 1, waitsAtLeast: 3_500_000 }],
    // Read as "no header": the client's and the outbox's own backoff decide, never faster than the minimum.
    ['negative', '-1', { atMost: rounds * 3, waitsAtLeast: MIN_RETRY_MS }],
    ['garbage', 'soon™', { atMost: rounds * 3, waitsAtLeast: MIN_RETRY_MS }],
    ['zero', '0', { atMost: rounds * 3, waitsAtLeast: MIN_RETRY_MS }],
    [
      'a date in the past',
      'Thu, 01 Jan 1970 00:00:00 GMT',
      { atMost: rounds * 3, waitsAtLeast: MIN_RETRY_MS },
    ],
  ]
  for (const [name, retryAfter, expected] of cases) {
    it(`${name} (${retryAfter}): at most ${expected.atMost} POSTs in ${windowMs / 1000} s`, async ({
      expect,
      onTestFinished,
    }) => {
      const sandbox = await startSandbox({ chatCount: 4, bigChatSize: 20, activity: false })
      const dir = await mkdtemp(join(tmpdir(), 'linq-outbox-retry-'))
      const retries: number[] = []
      const box = createTestOutbox(dir, sandboxClient(sandbox), retries)
      onTestFinished(async () => {
        await box.stop()
        await sandbox.close()
        await rm(dir, { recursive: true, force: true })
      })
      const posts = () => sandbox.state.requestCounts.sendMessage ?? 0
      sandbox.faults.set({ rules: [{ route: 'sendMessage', status: 429, retryAfter }] })
      box.start()
      const before = posts()
      const chatId = String([...sandbox.state.chats.keys()][1])
      await box.enqueue({ chatId, text: `storm ${name}`, files: [] })
      await new Promise((r) => setTimeout(r, windowMs))
      const sent = posts() - before
      process.stdout.write(`Retry-After ${JSON.stringify(retryAfter)}: ${sent} POSTs in ${windowMs} ms\n`)
      expect(sent).toBeGreaterThanOrEqual(1)
      expect(sent).toBeLessThanOrEqual(expected.atMost)
      expect(retries.length).toBeGreaterThanOrEqual(1)
      for (const wait of retries) {
        expect(wait).toBeGreaterThanOrEqual(expected.waitsAtLeast - 50)
        expect(wait).toBeLessThanOrEqual(3_600_000)
      }
      // Still waiting to go (or going again): a rate limit is never a failure.
      expect(['queued', 'sending']).toContain(box.all()[0]?.state)
    })
  }
})

describe('a send that throws before reaching Linq', () => {
  it('marks the message failed with the reason and does not send it again by itself', async () => {
    let calls = 0
    const box = await open({
      sendMessage: () => {
        calls++
        throw new TypeError("Cannot read properties of undefined (reading 'map')")
      },
    })
    const message = await box.enqueue({ chatId: chatId(), text: 'never leaves', files: [] })
    await box.idle()
    await new Promise((r) => setTimeout(r, 300))
    expect(calls).toBe(1)
    expect(box.all()[0]).toMatchObject({
      localId: message.localId,
      state: 'failed',
      failure: { message: 'The message could not be prepared for sending.', retryable: true },
    })
    // Retrying is the user's choice, and it fails the same way, once.
    box.retry(message.localId!)
    await box.idle()
    expect(calls).toBe(2)
  })

  it('a rejected promise from the client is treated the same', async () => {
    let calls = 0
    const box = await open({
      sendMessage: async () => {
        calls++
        throw new RangeError('boom')
      },
    })
    await box.enqueue({ chatId: chatId(), text: 'never leaves either', files: [] })
    await box.idle()
    await new Promise((r) => setTimeout(r, 300))
    expect(calls).toBe(1)
    expect(box.all()[0]).toMatchObject({ state: 'failed' })
  })
})
