// Opening a thread at a message: from the cache when it holds the message, from Linq (the sandbox) with
// before/after when the message is older than the cache keeps, joined to the cache without a gap.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorkspaceCache } from '../../../../src/main/services/cache/cache'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createLinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import { createMessagesAround } from '../../../../src/main/services/workspace/messages-around'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'

let sandbox: Sandbox
let dir = ''
beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: 3, bigChatSize: 600 })
  dir = await mkdtemp(join(tmpdir(), 'linq-around-'))
})
afterAll(async () => {
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

const logger = createLogger({ console: false, sink: () => undefined })

async function setUp(cachedNewest: number) {
  const client = createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token, logger })
  const cache = createWorkspaceCache({
    dir: await mkdtemp(join(dir, 'c-')),
    engine: confEngine,
    logger,
    attachmentSummary: () => null,
  })
  const chatId = String(sandbox.state.bigChatId)
  const newest = await client.listChatMessages(chatId, { sort: 'desc', perPage: cachedNewest })
  cache.upsertMessages(chatId, newest.items)
  const wire = sandbox.state.messagesOf(sandbox.state.bigChatId)
  const sentAtOf = (_chat: string, id: string) => {
    const m = wire.find((w) => String(w.id) === id)
    return m ? Date.parse(m.sent_at) : null
  }
  return { chatId, cache, wire, around: createMessagesAround({ client, cache, sentAtOf }) }
}

describe('messages around a message', () => {
  it('from the cache: a little before it, then everything to the newest', async () => {
    const { chatId, wire, around } = await setUp(100)
    const target = String(wire.at(-60)!.id)
    const result = await around(chatId, target, 10)
    expect(result.found).toBe(true)
    expect(result.messages.map((m) => m.id)).toEqual(wire.slice(-70).map((m) => String(m.id)))
    expect(result.hasOlder).toBe(true)
  })

  it('older than the cache: fetched from Linq before and after it, up to the cached messages', async () => {
    const { chatId, cache, wire, around } = await setUp(50)
    const target = String(wire.at(-400)!.id)
    const result = await around(chatId, target, 20)
    expect(result.found).toBe(true)
    const ids = result.messages.map((m) => m.id)
    // Contiguous from 20 before the message to the newest: no gap where Linq's pages meet the cache.
    expect(ids).toEqual(wire.slice(-420).map((m) => String(m.id)))
    expect(result.hasOlder).toBe(true)
    expect(cache.messages(chatId)).toHaveLength(50)
  })

  it('a message nobody knows: the newest page, not found', async () => {
    const { chatId, around } = await setUp(50)
    const result = await around(chatId, '999999999', 20)
    expect(result).toMatchObject({ found: false })
    expect(result.messages).toHaveLength(50)
  })
})
