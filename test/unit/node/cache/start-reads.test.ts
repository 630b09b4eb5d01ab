// What the cache reads when it opens: the first screen needs the chat list, the numbers and the drafts, and
// none of the chats' messages, so no chat page may be read until that chat is. Reads are recorded at the file
// system (node:fs, which persist/documents.ts and the cache read through).
import * as fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWorkspaceCache } from '../../../../src/main/services/cache/cache'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createLogger } from '../../../../src/main/services/log'
import { testChat, testMessage } from '../../../support/cache-files'

const reads: string[] = []
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof path === 'string') reads.push(path)
    return (actual.readFileSync as (...args: unknown[]) => unknown)(path, ...rest)
  }) as typeof actual.readFileSync
  return { ...actual, readFileSync, default: { ...actual, readFileSync } }
})

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-start-reads-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const open = () =>
  createWorkspaceCache({
    dir,
    engine: confEngine,
    logger: createLogger({ console: false }),
    attachmentSummary: () => null,
  })
const readSince = (from: number) =>
  reads
    .slice(from)
    .map((path) => relative(dir, path))
    .sort()

describe('what the cache reads at start', () => {
  it('reads the list, the numbers and the drafts, and a chat’s pages only once that chat is read', () => {
    const cache = open()
    cache.setPhoneNumbers([{ id: 'p', number: '+15550000001', forwardingNumber: null }])
    cache.putChats(Array.from({ length: 40 }, (_, n) => testChat(String(n))))
    for (const chatId of ['1', '2', '3'])
      cache.upsertMessages(
        chatId,
        Array.from({ length: 150 }, (_, n) => testMessage(chatId, n)),
      )
    cache.setDraft('2', 'later')
    cache.close()

    const before = reads.length
    const again = open()
    expect(again.chats()).toHaveLength(40)
    expect(again.chat('1')!.lastMessage?.text).toBe('message 149')
    expect(again.drafts()).toEqual({ '2': 'later' })
    expect(again.unreadTotal()).toBe(0)
    expect(readSince(before)).toEqual(['drafts.json', 'index/0.json', 'index/1.json', 'numbers.json'])

    const opened = reads.length
    expect(again.messages('2')).toHaveLength(150)
    expect(readSince(opened)).toEqual(['chats/2/0.json', 'chats/2/1.json'])
  })
})
