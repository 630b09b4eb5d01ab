// The one write path: the cache is written, the renderer told, then every subscriber sees the change.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createWorkspaceCache } from '../../../../src/main/services/cache/cache'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createEventHub } from '../../../../src/main/services/events'
import { createLogger } from '../../../../src/main/services/log'
import { createMessageWrites, type MessageChange } from '../../../../src/main/services/sync/writes'
import { makeChat, makeMessage } from '../../../support/domain'

let dir = ''
afterEach(() => rm(dir, { recursive: true, force: true }))

async function setUp() {
  dir = await mkdtemp(join(tmpdir(), 'linq-writes-'))
  const logger = createLogger({ console: false, sink: () => undefined })
  const cache = createWorkspaceCache({ dir, engine: confEngine, logger, attachmentSummary: () => null })
  cache.putChats([makeChat({ id: '10' })])
  const events = createEventHub()
  const emitted: string[] = []
  events.subscribe((event) => emitted.push(event))
  const writes = createMessageWrites({ cache, events, logger, onUnreadTotal: () => undefined })
  const changes: MessageChange[] = []
  writes.subscribe((change) => changes.push(change))
  return { cache, writes, emitted, changes }
}

describe('message writes', () => {
  it('store and discard reach the cache, the renderer and the subscribers; no-ops reach nobody', async () => {
    const { cache, writes, emitted, changes } = await setUp()
    const first = makeMessage({ chatId: '10', text: 'hello' })
    writes.store('10', [first])
    expect(cache.message('10', first.id)?.text).toBe('hello')
    expect(emitted).toEqual(['messagesUpserted', 'chatsChanged'])
    expect(changes).toEqual([{ kind: 'messages', chatId: '10', upserted: [first], removedIds: [] }])
    writes.store('10', [first])
    expect(changes).toHaveLength(1)
    writes.discard('10', [first.id, 'unknown'])
    expect(cache.message('10', first.id)).toBeUndefined()
    expect(changes.at(-1)).toEqual({ kind: 'messages', chatId: '10', upserted: [], removedIds: [first.id] })
    writes.discard('10', [first.id])
    expect(changes).toHaveLength(2)
  })

  it('older pages and removed chats reach the subscribers; a failing subscriber stops nothing', async () => {
    const { cache, writes, changes } = await setUp()
    writes.subscribe(() => {
      throw new Error('index broke')
    })
    const old = makeMessage({ chatId: '10', sentAt: '2020-01-01T00:00:00.000Z' })
    writes.older('10', [old], true)
    expect(cache.message('10', old.id)).toBeDefined()
    writes.putChats([], ['10'])
    expect(cache.chat('10')).toBeUndefined()
    expect(changes.map((c) => c.kind)).toEqual(['messages', 'chats-removed'])
    // Chats listed again (a rename, new members) reach them too, so names indexed with messages follow.
    writes.putChats([makeChat({ id: '20', title: 'Kitchen crew' })], [])
    expect(changes.at(-1)).toEqual({ kind: 'chats-listed', chatIds: ['20'] })
  })
})
