// The cache's paged layout (version 2) on real files: what an incoming message costs on disk, what a damaged
// page loses (only itself), and the upgrade from version 1's files.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { DamageReport } from '../../../../src/main/services/persist/documents'
import {
  cacheTestBed,
  countingEngine,
  testChat as chat,
  testMessage as message,
  typicalMessage,
} from '../../../support/cache-files'

let damage: DamageReport[] = []
const { dir, open } = cacheTestBed('linq-cache-pages-', () => ({
  writeDelayMs: 10_000,
  onDamage: (report) => damage.push(report),
}))
beforeEach(() => {
  damage = []
})
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)
const json = (path: string) => JSON.parse(readFileSync(join(dir(), path), 'utf8')) as Record<string, unknown>

describe('the paged cache on disk', () => {
  it('writes at most 64 KB per incoming message, however long the chat and however many chats', () => {
    const counter = countingEngine()
    const perMessage: number[] = []
    for (const [chats, length] of [
      [10, 200],
      [1_000, 5_000],
    ] as const) {
      const cache = open({ engine: counter.engine, dir: join(dir(), `${chats}`) })
      cache.putChats(range(0, chats).map((n) => chat(String(n))))
      cache.upsertMessages(
        '7',
        range(0, length).map((n) => typicalMessage('7', n)),
      )
      cache.flush()
      for (const n of range(length, length + 20)) {
        counter.reset()
        cache.upsertMessages('7', [typicalMessage('7', n)])
        cache.flush()
        const { bytes, files } = counter.written()
        expect(files.filter((f) => f.startsWith('index/'))).toHaveLength(1)
        expect(files.filter((f) => f.startsWith('chats/'))).toHaveLength(1)
        perMessage.push(bytes)
      }
      // At the per-chat bound the oldest message goes too, still without rewriting the oldest page.
      expect(cache.messages('7')).toHaveLength(Math.min(length + 20, 5_000))
      cache.close()
    }
    expect(Math.max(...perMessage)).toBeLessThanOrEqual(64 * 1024)
  })

  it('a draft rewrites the drafts file only, never the chat list', () => {
    const counter = countingEngine()
    const cache = open({ engine: counter.engine })
    cache.putChats(range(0, 100).map((n) => chat(String(n))))
    cache.flush()
    counter.reset()
    cache.setDraft('5', 'on my way')
    cache.flush()
    expect(counter.written().files).toEqual(['drafts'])
  })

  it('reads back exactly what was kept after the bound dropped old messages, and older ones fetched again', () => {
    const cache = open({ maxMessagesPerChat: 250 })
    cache.putChats([chat('1')])
    cache.upsertMessages(
      '1',
      range(0, 400).map((n) => message('1', n)),
    )
    for (const n of range(400, 450)) cache.upsertMessages('1', [message('1', n)])
    cache.removeMessages(
      '1',
      range(300, 320).map((n) => String(1000 + n)),
    )
    // An old message fetched again (e.g. by history) after the trim is kept, and so are its neighbours.
    cache.upsertMessages('1', [message('1', 10)])
    const kept = cache.messages('1').map((m) => m.id)
    expect(kept).toHaveLength(231)
    cache.close()
    expect(
      open({ maxMessagesPerChat: 250 })
        .messages('1')
        .map((m) => m.id),
    ).toEqual(kept)
  })

  it('a damaged page of a chat loses that page only; the chat is marked for a resync', () => {
    const cache = open()
    cache.putChats([chat('1')])
    cache.upsertMessages(
      '1',
      range(0, 250).map((n) => message('1', n)),
    )
    cache.setMeta('1', { syncedCount: 250, hasOlder: false })
    cache.close()
    expect(readdirSync(join(dir(), 'chats', '1')).sort()).toEqual(['0.json', '1.json', '2.json'])
    writeFileSync(join(dir(), 'chats', '1', '1.json'), '{"schemaVersion": 2, "messages": [')

    const again = open()
    const texts = again.messages('1').map((m) => m.text)
    expect(texts).toEqual([...range(0, 100), ...range(200, 250)].map((n) => `message ${n}`))
    expect(again.meta('1')).toEqual({ syncedCount: null, hasOlder: true })
    expect(damage).toEqual([expect.objectContaining({ document: 'cache', whole: true })])
    expect(readdirSync(join(dir(), 'chats', '1')).some((f) => f.startsWith('1.json.corrupt-'))).toBe(true)
  })

  it('a damaged page of the chat list loses its chats only (sync lists them again), never the drafts', () => {
    const cache = open()
    cache.putChats(range(0, 70).map((n) => chat(String(n))))
    cache.setDraft('3', 'draft on page 0')
    cache.setDraft('40', 'draft on page 1')
    cache.close()
    expect(readdirSync(join(dir(), 'index')).sort()).toEqual(['0.json', '1.json', '2.json'])
    writeFileSync(join(dir(), 'index', '0.json'), 'garbage')

    const again = open()
    expect(again.chats().map((c) => c.id)).toEqual(range(32, 70).map(String))
    expect(again.drafts()).toEqual({ '3': 'draft on page 0', '40': 'draft on page 1' })
    expect(damage).toEqual([expect.objectContaining({ document: 'cache', whole: true })])
    // The chats come back from sync onto a page of their own; the list reads back whole.
    again.putChats(range(0, 32).map((n) => chat(String(n))))
    again.close()
    expect(open().chats()).toHaveLength(70)
  })

  it('a list page with a damaged chat or sync state sets those entries aside with a notice; the rest loads', () => {
    const cache = open()
    cache.putChats(range(0, 4).map((n) => chat(String(n))))
    for (const n of range(0, 4)) cache.setMeta(String(n), { syncedCount: n, hasOlder: false })
    cache.close()
    const page = json('index/0.json') as { chats: Record<string, unknown>[]; meta: Record<string, unknown> }
    page.chats[1] = { ...page.chats[1], unreadCount: -1 }
    // A key this version does not know is dropped, not the chat.
    page.chats[2] = { ...page.chats[2], pinned: true }
    page.meta['3'] = { syncedCount: 'three', hasOlder: false }
    writeFileSync(join(dir(), 'index', '0.json'), JSON.stringify(page))

    const again = open()
    expect(again.chats().map((c) => c.id)).toEqual(['0', '2', '3'])
    expect(again.chats()[1]).toEqual(chat('2'))
    expect(again.meta('0')).toEqual({ syncedCount: 0, hasOlder: false })
    expect(again.meta('3')).toEqual({ syncedCount: null, hasOlder: true })
    expect(damage).toEqual([
      expect.objectContaining({ document: 'cache', entries: 1, whole: false }),
      expect.objectContaining({ document: 'cache', entries: 1, whole: false }),
    ])
    const aside = readdirSync(join(dir(), 'index')).filter((f) => f.includes('.rejected-'))
    expect(aside).toHaveLength(2)
  })

  it('a damaged drafts file is reported as drafts, and the chat list still loads', () => {
    const cache = open()
    cache.putChats([chat('1')])
    cache.setDraft('1', 'x')
    cache.close()
    writeFileSync(
      join(dir(), 'drafts.json'),
      JSON.stringify({ schemaVersion: 2, drafts: { '1': 5, '2': 'ok' } }),
    )
    const again = open()
    expect(again.drafts()).toEqual({ '2': 'ok' })
    expect(again.chats().map((c) => c.id)).toEqual(['1'])
    expect(damage).toEqual([expect.objectContaining({ document: 'drafts', entries: 1, whole: false })])
  })
})

describe('upgrading from version 1 (one index.json, one file per chat)', () => {
  const writeV1 = () => {
    mkdirSync(join(dir(), 'chats'), { recursive: true })
    const index = {
      schemaVersion: 1,
      phoneNumbers: [{ id: 'p', number: '+15550000001', forwardingNumber: null }],
      chats: range(0, 40).map((n) => chat(String(n))),
      meta: { '1': { syncedCount: 150, hasOlder: false } },
      drafts: { '1': 'unsent thought', '39': 'another' },
    }
    writeFileSync(join(dir(), 'index.json'), JSON.stringify(index, null, '\t'))
    const messages = range(0, 150).map((n) => message('1', n))
    writeFileSync(join(dir(), 'chats', '1.json'), JSON.stringify({ schemaVersion: 1, messages }, null, '\t'))
    return messages
  }

  it('loads everything, drafts included, and rewrites it in pages; the old files go once rewritten', () => {
    const messages = writeV1()
    const cache = open()
    expect(cache.chats()).toHaveLength(40)
    expect(cache.drafts()).toEqual({ '1': 'unsent thought', '39': 'another' })
    expect(cache.meta('1')).toEqual({ syncedCount: 150, hasOlder: false })
    expect(cache.phoneNumbers()).toHaveLength(1)
    // Migrated at start, before any write-behind: index.json is gone, its pages are there.
    expect(existsSync(join(dir(), 'index.json'))).toBe(false)
    expect(readdirSync(join(dir(), 'index')).sort()).toEqual(['0.json', '1.json'])
    expect(json('drafts.json')).toEqual({
      schemaVersion: 2,
      drafts: { '1': 'unsent thought', '39': 'another' },
    })
    // A chat file is migrated when the chat is first read, not at start.
    expect(existsSync(join(dir(), 'chats', '1.json'))).toBe(true)
    expect(cache.messages('1')).toEqual(messages)
    expect(existsSync(join(dir(), 'chats', '1.json'))).toBe(false)
    expect(readdirSync(join(dir(), 'chats', '1')).sort()).toEqual(['0.json', '1.json'])
    cache.close()

    const again = open()
    expect(again.messages('1')).toEqual(messages)
    expect(again.drafts()).toEqual({ '1': 'unsent thought', '39': 'another' })
    expect(damage).toEqual([])
  })

  it('a crash half-way through (pages written, index.json still there) migrates again on the next start', () => {
    writeV1()
    open().close()
    const pages = readFileSync(join(dir(), 'index', '0.json'), 'utf8')
    writeV1()
    writeFileSync(join(dir(), 'index', '1.json'), '{"schemaVersion": 2, "chats": [')
    const cache = open()
    expect(cache.chats()).toHaveLength(40)
    expect(cache.drafts()).toEqual({ '1': 'unsent thought', '39': 'another' })
    expect(readFileSync(join(dir(), 'index', '0.json'), 'utf8')).toBe(pages)
    expect(json('index/1.json')).toMatchObject({ schemaVersion: 2 })
  })

  it('a damaged version 1 index is moved aside and reported as the index with its drafts', () => {
    writeV1()
    writeFileSync(join(dir(), 'index.json'), '{"schemaVersion": 1, "chats": [')
    const cache = open()
    expect(cache.chats()).toEqual([])
    expect(damage).toEqual([expect.objectContaining({ document: 'cache-index', whole: true })])
    expect(readdirSync(dir()).some((f) => f.startsWith('index.json.corrupt-'))).toBe(true)
    // The chat's messages still migrate when it is read.
    expect(cache.messages('1')).toHaveLength(150)
  })
})
