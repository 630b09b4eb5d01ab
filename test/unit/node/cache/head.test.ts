// The chat list's head (cache/head.ts) on real files: what it holds, when it is rewritten, and what a start
// does with a damaged head or a stale one (a crash between the list's pages and the head).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { HEAD_CHATS } from '../../../../src/main/services/cache/head'
import type { DamageReport } from '../../../../src/main/services/persist/documents'
import { firstInList } from '../../../../src/shared/chat-order'
import type { Chat } from '../../../../src/shared/domain'
import {
  cacheTestBed,
  countingEngine,
  testChat as chat,
  testMessage as message,
} from '../../../support/cache-files'

let damage: DamageReport[] = []
const { dir, open } = cacheTestBed('linq-cache-head-', () => ({
  writeDelayMs: 10_000,
  onDamage: (report) => damage.push(report),
}))
beforeEach(() => {
  damage = []
})
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)
const headFile = () => join(dir(), 'head.json')
const head = () =>
  JSON.parse(readFileSync(headFile(), 'utf8')) as { chats: Chat[]; total: number; unreadTotal: number }
const ids = (chats: readonly Chat[]) => chats.map((c) => c.id)

/** `count` chats, chat n with one message at minute n (so the newest chats have the highest numbers). */
function workspace(count: number) {
  const cache = open()
  cache.putChats(range(0, count).map((n) => chat(String(n))))
  for (const n of range(0, count))
    cache.upsertMessages(String(n), [message(String(n), n, { unread: n % 10 === 0 })])
  return cache
}

describe('the chat list’s head', () => {
  it('holds the first screenful in list order, with the list’s total and unread total', () => {
    const cache = workspace(80)
    cache.close()
    const written = head()
    expect(ids(written.chats)).toEqual(
      range(80 - HEAD_CHATS, 80)
        .reverse()
        .map(String),
    )
    expect(written).toMatchObject({ total: 80, unreadTotal: 8 })

    const again = open()
    expect(again.firstChats(HEAD_CHATS)).toEqual({ chats: written.chats, total: 80, unreadTotal: 8 })
    expect(written.chats).toEqual(firstInList(again.chats(), HEAD_CHATS))
  })

  it('is rewritten after the pages when the top of the list changes, and not for a change below it', () => {
    const counter = countingEngine()
    const cache = open({ engine: counter.engine })
    cache.putChats(range(0, 80).map((n) => chat(String(n))))
    for (const n of range(0, 80)) cache.upsertMessages(String(n), [message(String(n), n)])
    cache.flush()

    counter.reset()
    cache.setMeta('5', { syncedCount: 1, hasOlder: false })
    cache.flush()
    expect(counter.written().files).toEqual(['index/0'])

    counter.reset()
    cache.upsertMessages('5', [message('5', 500)])
    cache.setMeta('50', { syncedCount: 1, hasOlder: false })
    cache.flush()
    // The head last, so a crash between writes leaves it behind its pages, never ahead of them.
    expect(counter.written().files).toEqual(['chats/5/0', 'index/0', 'index/1', 'head'])
    expect(ids(head().chats).slice(0, 2)).toEqual(['5', '79'])
    expect(head().chats).toHaveLength(HEAD_CHATS)
  })

  it('covers only the first screenful: a bigger first call reads the list', () => {
    workspace(80).close()
    const again = open()
    const first = again.firstChats(60)
    expect(first.total).toBe(80)
    expect(first.chats).toEqual(firstInList(again.chats(), 60))
  })

  it('goes with the last chat, and an empty list never writes one', () => {
    const cache = workspace(3)
    cache.close()
    expect(head().total).toBe(3)
    const again = open()
    again.removeChats(['0', '1', '2'])
    again.close()
    expect(existsSync(headFile())).toBe(false)
    open().close()
    expect(existsSync(headFile())).toBe(false)
  })

  it.each([
    ['not JSON', () => 'garbage'],
    ['a chat that fails its schema', () => JSON.stringify({ ...head(), chats: [{ id: 7 }] })],
    ['totals that do not add up', () => JSON.stringify({ ...head(), total: 2 })],
  ])('a head with %s is set aside with a notice; the start reads the list', (_, damaged) => {
    workspace(60).close()
    writeFileSync(headFile(), damaged())

    const again = open()
    expect(damage).toEqual([expect.objectContaining({ document: 'cache', whole: true })])
    expect(readdirSync(dir()).some((f) => f.startsWith('head.json.corrupt-'))).toBe(true)
    const first = again.firstChats(HEAD_CHATS)
    expect(first).toMatchObject({ total: 60, unreadTotal: 6 })
    expect(first.chats).toEqual(firstInList(again.chats(), HEAD_CHATS))
    again.close()
    expect(head().chats).toEqual(first.chats)
  })

  it('a stale head answers the first screen, then the list wins: the window hears it and the head is rewritten', () => {
    workspace(60).close()
    const stale = readFileSync(headFile(), 'utf8')
    // A crash after the list's pages were written and before the head: a new top chat, one gone.
    const cache = open()
    cache.upsertMessages('3', [message('3', 300, { unread: true })])
    cache.removeChats(['59'])
    cache.close()
    writeFileSync(headFile(), stale)

    const onListHealed = vi.fn()
    const again = open({ onListHealed })
    expect(ids(again.firstChats(HEAD_CHATS).chats)[0]).toBe('59')
    expect(onListHealed).not.toHaveBeenCalled()
    const chats = again.chats()
    expect(onListHealed).toHaveBeenCalledExactlyOnceWith(chats, ['59'])
    expect(chats).toHaveLength(59)
    again.close()
    expect(head()).toEqual({
      schemaVersion: 2,
      chats: firstInList(chats, HEAD_CHATS),
      total: 59,
      unreadTotal: 7,
    })
    expect(ids(head().chats)[0]).toBe('3')

    const healed = open({ onListHealed })
    healed.chats()
    expect(onListHealed).toHaveBeenCalledOnce()
  })
})
