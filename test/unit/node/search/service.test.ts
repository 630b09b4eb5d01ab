// The search index over the real cache and the real write path: it follows edits and deletions, filters and
// pages, survives a restart from its own files, and rebuilds from the cache when those are missing, damaged
// or of another version.
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createWorkspaceCache } from '../../../../src/main/services/cache/cache'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createEventHub } from '../../../../src/main/services/events'
import { createLogger } from '../../../../src/main/services/log'
import { createMessageSearch, type SearchQuery } from '../../../../src/main/services/search/service'
import { createMessageWrites } from '../../../../src/main/services/sync/writes'
import { makeChat, makeMessage } from '../../../support/domain'

let dir = ''
/** Everything a test opened, finished before its folder goes (a late journal append would race the rm). */
let opened: { flush(): unknown }[] = []
afterEach(async () => {
  for (const thing of opened) await thing.flush()
  opened = []
  await rm(dir, { recursive: true, force: true })
})

const logger = createLogger({ console: false, sink: () => undefined })

async function setUp(existing?: string) {
  dir = existing ?? (await mkdtemp(join(tmpdir(), 'linq-search-')))
  const cache = createWorkspaceCache({
    dir: join(dir, 'cache'),
    engine: confEngine,
    logger,
    attachmentSummary: () => null,
  })
  const writes = createMessageWrites({
    cache,
    events: createEventHub(),
    logger,
    onUnreadTotal: () => undefined,
  })
  const open = () => {
    const search = createMessageSearch({
      dir: join(dir, 'search'),
      logger,
      chats: () => cache.chats(),
      chat: (id) => cache.chat(id),
      messagePages: (id) => cache.messagePages(id),
      writeDelayMs: 5,
    })
    writes.subscribe((change) => search.onChange(change))
    opened.push(search)
    return search
  }
  return { cache, writes, open }
}

const q = (query: string, extra: Partial<SearchQuery> = {}): SearchQuery => ({ query, ...extra })
const ids = (results: { hits: { messageId: string }[] }) => results.hits.map((h) => h.messageId)

function seed(
  writes: ReturnType<typeof createMessageWrites>,
  cache: ReturnType<typeof createWorkspaceCache>,
) {
  cache.putChats([
    makeChat({ id: '10', title: 'Diego Lopez', phoneNumber: '+14155550101' }),
    makeChat({
      id: '20',
      title: 'Kitchen crew',
      phoneNumber: '+14155550102',
      participants: [{ id: '2', handle: '+1 (212) 555-0199', service: 'SMS' }],
    }),
  ])
  writes.store('10', [
    makeMessage({
      id: 'a',
      chatId: '10',
      text: 'Here is the invoice for March',
      sentAt: '2026-03-01T10:00:00.000Z',
      isFromMe: true,
    }),
    makeMessage({ id: 'b', chatId: '10', text: 'Café opens at 9', sentAt: '2026-03-02T10:00:00.000Z' }),
  ])
  writes.store('20', [
    makeMessage({
      id: 'c',
      chatId: '20',
      text: 'Invoice attached',
      sentAt: '2026-03-03T10:00:00.000Z',
      attachments: [
        {
          id: 'f',
          filename: 'quote-2026.pdf',
          mimeType: 'application/pdf',
          sizeBytes: 1,
          src: '',
          remoteUrl: null,
        },
      ],
    }),
  ])
}

describe('message search', () => {
  it('finds words, prefixes, diacritics, file names, chat names and numbers; newest first', async () => {
    const { cache, writes, open } = await setUp()
    const search = open()
    await search.start()
    seed(writes, cache)
    expect(ids(search.search(q('invoice')))).toEqual(['c', 'a'])
    expect(ids(search.search(q('INVO')))).toEqual(['c', 'a'])
    expect(ids(search.search(q('cafe')))).toEqual(['b'])
    expect(ids(search.search(q('quote')))).toEqual(['c'])
    expect(ids(search.search(q('diego invoice')))).toEqual(['a'])
    expect(ids(search.search(q('(212) 555-0199')))).toEqual(['c'])
    expect(ids(search.search(q('5550199')))).toEqual(['c'])
    expect(search.search(q('nothing-like-this')).hits).toEqual([])
    const hit = search.search(q('invoice')).hits[1]!
    expect(hit).toMatchObject({ chatId: '10', sentAt: '2026-03-01T10:00:00.000Z', isFromMe: true })
    expect(hit.snippet.filter((s) => s.marked).map((s) => s.text)).toEqual(['invoice'])
  })

  it('filters by chat, Linq number, sender, attachments and time; pages with a cursor', async () => {
    const { cache, writes, open } = await setUp()
    const search = open()
    await search.start()
    seed(writes, cache)
    expect(ids(search.search(q('invoice', { chatId: '10' })))).toEqual(['a'])
    expect(ids(search.search(q('invoice', { phoneNumber: '+14155550102' })))).toEqual(['c'])
    expect(ids(search.search(q('invoice', { from: 'me' })))).toEqual(['a'])
    expect(ids(search.search(q('invoice', { from: 'them' })))).toEqual(['c'])
    expect(ids(search.search(q('invoice', { hasAttachment: true })))).toEqual(['c'])
    expect(ids(search.search(q('invoice', { until: '2026-03-02T00:00:00Z' })))).toEqual(['a'])
    expect(ids(search.search(q('invoice', { since: '2026-03-02T00:00:00Z' })))).toEqual(['c'])
    const first = search.search(q('invoice', { limit: 1 }))
    expect(first).toMatchObject({ total: 2, hits: [{ messageId: 'c' }] })
    const second = search.search(q('invoice', { limit: 1, cursor: first.nextCursor! }))
    expect(second).toMatchObject({ total: 2, hits: [{ messageId: 'a' }], nextCursor: null })
  })

  it('pages through many hits newest first, each once, also when times are equal', async () => {
    const { cache, writes, open } = await setUp()
    const search = open()
    await search.start()
    seed(writes, cache)
    const many = Array.from({ length: 120 }, (_, i) =>
      makeMessage({
        id: `m${String(i).padStart(3, '0')}`,
        chatId: '10',
        text: 'weekly report',
        // Pairs share a time: the order must still be total.
        sentAt: new Date(Date.UTC(2026, 4, 1) + Math.floor(i / 2) * 60_000).toISOString(),
      }),
    )
    writes.store('10', many)
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = search.search(q('report', { limit: 50, cursor }))
      expect(page.total).toBe(120)
      seen.push(...ids(page))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(many.map((m) => m.id).reverse())
  })

  it('follows the write path: an edit replaces the entry, a delete and a removed chat take theirs away', async () => {
    const { cache, writes, open } = await setUp()
    const search = open()
    await search.start()
    seed(writes, cache)
    writes.store('10', [{ ...cache.message('10', 'a')!, text: 'Here is the receipt for March' }])
    expect(ids(search.search(q('invoice')))).toEqual(['c'])
    expect(ids(search.search(q('receipt')))).toEqual(['a'])
    writes.discard('10', ['b'])
    expect(search.search(q('cafe')).hits).toEqual([])
    writes.putChats([], ['20'])
    expect(search.search(q('invoice')).hits).toEqual([])
    // A renamed chat is found by its new name as soon as Linq lists it so, and no longer by the old one.
    writes.putChats([makeChat({ id: '10', title: 'Diego Alvarez', phoneNumber: '+14155550101' })], [])
    expect(ids(search.search(q('alvarez receipt')))).toEqual(['a'])
    expect(search.search(q('lopez receipt')).hits).toEqual([])
  })

  it('a restart loads its own files (snapshot and journal) without rebuilding', async () => {
    const first = await setUp()
    const search = first.open()
    await search.start()
    seed(first.writes, first.cache)
    first.writes.store('10', [{ ...first.cache.message('10', 'a')!, text: 'Here is the receipt' }])
    first.writes.discard('10', ['b'])
    await search.flush()
    first.cache.close()
    const again = await setUp(dir)
    const reopened = again.open()
    await reopened.start()
    expect(reopened.startReport()).toMatchObject({ how: 'loaded', docs: 2 })
    expect(ids(reopened.search(q('receipt')))).toEqual(['a'])
    expect(ids(reopened.search(q('invoice')))).toEqual(['c'])
    expect(reopened.search(q('cafe')).hits).toEqual([])
  })

  it('keeps messages older than the cache, fetched while scrolling back, across a restart', async () => {
    const first = await setUp()
    const search = first.open()
    await search.start()
    seed(first.writes, first.cache)
    first.writes.older(
      '10',
      [makeMessage({ id: 'old', chatId: '10', text: 'the blueprint', sentAt: '2025-01-01T00:00:00.000Z' })],
      false,
    )
    await search.flush()
    first.cache.flush()
    const again = await setUp(dir)
    const reopened = again.open()
    await reopened.start()
    expect(ids(reopened.search(q('blueprint')))).toEqual(['old'])
    expect(reopened.find('10', 'old')?.sentAt).toBe(Date.parse('2025-01-01T00:00:00.000Z'))
  })

  it('a journal cut short by a crash loses only its last, unfinished line', async () => {
    const first = await setUp()
    const search = first.open()
    await search.start()
    seed(first.writes, first.cache)
    await search.flush()
    first.cache.flush()
    appendFileSync(join(dir, 'search', 'journal.jsonl'), '{"put":{"c":"10","m":"z","t":1,"f":tr')
    const reopened = (await setUp(dir)).open()
    await reopened.start()
    expect(reopened.startReport()).toMatchObject({ how: 'loaded', docs: 3 })
  })

  it.each([
    ['damaged', (file: string) => writeFileSync(file, '{"format":"linq-search-index", nonsense\n')],
    ['a document failing its schema', (file: string) => appendFileSync(file, '{"c":"10","m":5}\n')],
    ['missing', (file: string) => rm(file)],
    [
      'of an old version',
      (file: string) => {
        const lines = readFileSync(file, 'utf8').split('\n')
        lines[0] = lines[0]!.replace('"schemaVersion":1', '"schemaVersion":0')
        writeFileSync(file, lines.join('\n'))
      },
    ],
  ])('an index file %s is rebuilt from the cache, and the damaged one kept aside', async (what, spoil) => {
    const first = await setUp()
    const search = first.open()
    await search.start()
    seed(first.writes, first.cache)
    await search.flush()
    first.cache.flush()
    const file = join(dir, 'search', 'index.jsonl')
    await spoil(file)
    const again = await setUp(dir)
    const reopened = again.open()
    await reopened.start()
    expect(reopened.startReport()).toMatchObject({ how: 'rebuilt', docs: 3 })
    expect(ids(reopened.search(q('invoice')))).toEqual(['c', 'a'])
    if (what.startsWith('damaged') || what.startsWith('a document'))
      expect(readdirSync(join(dir, 'search')).some((f) => f.startsWith('index.jsonl.corrupt-'))).toBe(true)
    // The rebuilt index was saved: the next start loads it.
    await reopened.flush()
    expect(existsSync(file)).toBe(true)
    const third = (await setUp(dir)).open()
    await third.start()
    expect(third.startReport()).toMatchObject({ how: 'loaded', docs: 3 })
  })

  it('rebuilds a page of the cache per step, yielding between steps that fill a slice', async () => {
    const { cache, writes } = await setUp()
    cache.putChats([makeChat({ id: '10' }), makeChat({ id: '20' })])
    for (const chatId of ['10', '20'])
      writes.store(
        chatId,
        Array.from({ length: 250 }, (_, i) =>
          makeMessage({ id: `${chatId}-${i}`, chatId, text: `note ${i}` }),
        ),
      )
    cache.close()
    const reopened = (await setUp(dir)).cache
    // Each step takes longer than a slice's budget, so other callbacks must run between any two.
    let turns = 0
    let ticking = true
    const tick = () => {
      turns++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const seenAt: number[] = []
    const search = createMessageSearch({
      dir: join(dir, 'search'),
      logger,
      chats: () => reopened.chats(),
      chat: (id) => reopened.chat(id),
      messagePages: function* (id) {
        for (const page of reopened.messagePages(id)) {
          const until = performance.now() + 5
          while (performance.now() < until);
          seenAt.push(turns)
          yield page
        }
      },
    })
    opened.push(search)
    await search.start()
    ticking = false
    expect(search.startReport()).toMatchObject({ how: 'rebuilt', docs: 500 })
    expect(ids(search.search(q('note', { limit: 500 })))).toHaveLength(500)
    // A page file per step: three per chat.
    expect(seenAt).toHaveLength(6)
    for (let i = 1; i < seenAt.length; i++) expect(seenAt[i]).toBeGreaterThan(seenAt[i - 1]!)
  })

  it('changes made while the index loads are applied once it is ready', async () => {
    const { cache, writes, open } = await setUp()
    seed(writes, cache)
    const search = open()
    const started = search.start()
    writes.store('10', [makeMessage({ id: 'e', chatId: '10', text: 'late arrival' })])
    expect(search.search(q('invoice')).indexing).toBe(true)
    await started
    expect(ids(search.search(q('arrival')))).toEqual(['e'])
    expect(search.search(q('invoice')).indexing).toBe(false)
  })
})

describe('closing', () => {
  it('stops a rebuild under way, writes nothing afterwards and ignores later changes', async () => {
    const { cache, writes, open } = await setUp()
    seed(writes, cache)
    const search = open()
    const started = search.start()
    await search.close()
    await started
    writes.store('10', [makeMessage({ id: 'late', chatId: '10', text: 'after close' })])
    expect(search.search(q('after')).hits).toEqual([])
  })
})
