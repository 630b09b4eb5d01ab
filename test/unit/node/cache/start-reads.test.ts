// What the cache reads when it opens: the first screen needs the first screenful of the chat list (the
// list's head), the list's totals and the drafts, and none of the chats' messages, so no page of the list
// is read until a call needs every chat, and no chat page until that chat is read. Reads are recorded at
// the file system (node:fs, which persist/documents.ts and the cache read through); the files are real.
import * as fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { existsSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FIRST_SCREEN_CHATS } from '../../../../src/shared/chat-order'
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
  it('reads the head and the drafts; the list’s pages once every chat is needed, a chat’s once it is read', () => {
    const cache = open()
    cache.setPhoneNumbers([{ id: 'p', number: '+15550000001', forwardingNumber: null }])
    cache.putChats(Array.from({ length: 80 }, (_, n) => testChat(String(n))))
    for (const chatId of ['1', '2', '3'])
      cache.upsertMessages(
        chatId,
        Array.from({ length: 150 }, (_, n) => testMessage(chatId, n, { unread: n === 0 })),
      )
    cache.setDraft('2', 'later')
    const firstScreen = cache.firstChats(FIRST_SCREEN_CHATS)
    cache.close()

    const before = reads.length
    const again = open()
    const first = again.firstChats(FIRST_SCREEN_CHATS)
    expect(first).toEqual(firstScreen)
    // The three with messages first (their last messages are equally new, so by id), then the others.
    expect(first.chats.slice(0, 3).map((c) => c.id)).toEqual(['1', '2', '3'])
    expect(first).toMatchObject({ total: 80, unreadTotal: 3 })
    expect(again.drafts()).toEqual({ '2': 'later' })
    expect(readSince(before)).toEqual(['drafts.json', 'head.json'])

    const listed = reads.length
    expect(again.chats()).toHaveLength(80)
    expect(again.chat('1')!.lastMessage?.text).toBe('message 149')
    expect(readSince(listed)).toEqual(['index/0.json', 'index/1.json', 'index/2.json', 'numbers.json'])

    const opened = reads.length
    expect(again.messages('2')).toHaveLength(150)
    expect(readSince(opened)).toEqual(['chats/2/0.json', 'chats/2/1.json'])
  })

  it('reads the whole list at start when there is no head (a cache from before heads)', () => {
    const cache = open()
    cache.putChats([testChat('1'), testChat('2')])
    cache.close()
    rmSync(join(dir, 'head.json'))

    const before = reads.length
    const again = open()
    // head.json is tried (it is not there), then the list is read as before heads; there are no drafts.
    expect(readSince(before)).toEqual(['head.json', 'index/0.json', 'numbers.json'])
    expect(again.firstChats(FIRST_SCREEN_CHATS).total).toBe(2)
    again.close()
    expect(existsSync(join(dir, 'head.json'))).toBe(true)
  })
})
