// Helpers for tests and benches of the offline cache: domain objects of the sizes the app sees, and a store
// engine that counts the bytes each write put on disk (the file's size after its atomic write).
import { statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import type { Chat, Message } from '../../src/shared/domain'
import {
  createWorkspaceCache,
  type CacheOptions,
  type WorkspaceCache,
} from '../../src/main/services/cache/cache'
import { confEngine, type StoreEngine } from '../../src/main/services/cache/engine'
import { createLogger } from '../../src/main/services/log'

export const testChat = (id: string, extra: Partial<Chat> = {}): Chat => ({
  id,
  phoneNumber: '+15550000001',
  title: `Chat ${id}`,
  service: 'iMessage',
  isGroup: false,
  participants: [{ id: 'h' + id, handle: '+15551230000', service: 'iMessage' }],
  messageCount: 0,
  lastMessage: null,
  lastActivityAt: null,
  unreadCount: 0,
  ...extra,
})

export const testMessage = (chatId: string, n: number, extra: Partial<Message> = {}): Message => ({
  id: String(1000 + n),
  chatId,
  localId: null,
  text: `message ${n}`,
  sentAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
  isFromMe: n % 2 === 0,
  from: n % 2 === 0 ? '+15550000001' : '+15551230000',
  status: n % 2 === 0 ? 'delivered' : 'received',
  failure: null,
  upload: null,
  editedAt: null,
  attachments: [],
  reactions: [],
  ...extra,
})

/** A message of the size the issue measured (~300 bytes of JSON): a sentence of text. */
export const typicalMessage = (chatId: string, n: number): Message =>
  testMessage(chatId, n, {
    text: `Thanks, the order #${10_000 + n} is confirmed; we will deliver it tomorrow between 9 and 11.`,
  })

export interface CountingEngine {
  engine: StoreEngine
  /** Bytes and files written since the last reset. */
  written(): { bytes: number; files: string[] }
  reset(): void
}

export function countingEngine(inner: StoreEngine = confEngine): CountingEngine {
  let bytes = 0
  let files: string[] = []
  const engine: StoreEngine = (options) => {
    const file = inner(options)
    return {
      path: file.path,
      read: () => file.read(),
      write(value) {
        file.write(value)
        bytes += statSync(file.path).size
        files.push(options.name)
      },
    }
  }
  return {
    engine,
    written: () => ({ bytes, files: [...files] }),
    reset() {
      bytes = 0
      files = []
    },
  }
}

/**
 * For a test file: a fresh folder per test (removed after it), and `open` for a cache in it with the file's
 * defaults (read per call, so they may name per-test state).
 */
export function cacheTestBed(prefix: string, defaults: () => Partial<CacheOptions> = () => ({})) {
  let dir = ''
  let opened: WorkspaceCache[] = []
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix))
  })
  afterEach(async () => {
    // Pending writes first: a write-behind timer firing while the folder is removed would race with it.
    for (const cache of opened) cache.close()
    opened = []
    await rm(dir, { recursive: true, force: true })
  })
  return {
    dir: () => dir,
    open(extra: Partial<CacheOptions> = {}): WorkspaceCache {
      const cache = createWorkspaceCache({
        dir,
        engine: confEngine,
        logger: createLogger({ console: false }),
        attachmentSummary: () => null,
        ...defaults(),
        ...extra,
      })
      opened.push(cache)
      return cache
    },
  }
}
