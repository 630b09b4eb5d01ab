// The index's own posting lists: a query walks the rarest term's list and checks the others, applies the
// filters during the walk and keeps only the newest `limit`; the answers must equal a brute-force scan of
// the same documents, whatever the order the documents were added, edited and removed in.
import { describe, expect, it } from 'vitest'
import type { SearchDoc } from '../../../../src/main/services/search/documents'
import { createSearchEngine, type MatchOptions } from '../../../../src/main/services/search/engine'
import { createPostings, gallop, indexTerms, MAX_PREFIX } from '../../../../src/main/services/search/postings'
import { newestFirst } from '../../../../src/main/services/search/rank'
import { tokenize } from '../../../../src/main/services/search/tokenize'

const WORDS = [
  'invoice',
  'invoices',
  'delivery',
  'friday',
  'pickup',
  'parking',
  'thanks',
  'size',
  'in',
  'hold',
]

/** A small deterministic generator, so a failure repeats. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

function corpus(count: number, seed = 1): SearchDoc[] {
  const next = random(seed)
  return Array.from({ length: count }, (_, i) => ({
    chatId: `c${Math.floor(next() * 7)}`,
    messageId: `m${i}`,
    // Coarse times, so many share one and the tie-break is exercised.
    sentAt: Date.UTC(2026, 0, 1) + Math.floor(next() * 50) * 60_000,
    fromMe: next() < 0.5,
    hasAttachment: next() < 0.2,
    text: Array.from(
      { length: 1 + Math.floor(next() * 5) },
      () => WORDS[Math.floor(next() * WORDS.length)],
    ).join(' '),
  }))
}

/** What the index must answer: every document whose words begin with every term, newest first. */
function scan(docs: SearchDoc[], query: string, accept: (d: SearchDoc) => boolean, names = '') {
  const terms = tokenize(query)
  return docs
    .filter((d) => {
      const words = tokenize(`${d.text}\n${names}`)
      return terms.every((t) => words.some((w) => w.startsWith(t))) && accept(d)
    })
    .sort(newestFirst)
}

/** All pages of a query, following the cursor (the last hit of each page). */
function pages(engine: ReturnType<typeof createSearchEngine>, query: string, options: Partial<MatchOptions>) {
  const seen: SearchDoc[] = []
  const totals = new Set<number>()
  let after: SearchDoc | null = null
  for (;;) {
    const { docs, total } = engine.match(query, { accept: () => true, limit: 7, ...options, after })
    totals.add(total)
    seen.push(...docs)
    if (docs.length < 7) return { seen, totals }
    after = docs.at(-1)!
  }
}

describe('search engine', () => {
  it('pages across several terms newest first, each hit once, equal to a scan', () => {
    const docs = corpus(600)
    const engine = createSearchEngine()
    for (const doc of docs) engine.put(doc, '')
    for (const query of ['invoice', 'inv', 'invoice friday', 'in hold', 'size in pick', 'fri deliv thanks']) {
      const expected = scan(docs, query, () => true)
      const { seen, totals } = pages(engine, query, {})
      expect(seen.map((d) => d.messageId)).toEqual(expected.map((d) => d.messageId))
      expect([...totals]).toEqual([expected.length])
    }
  })

  it('applies filters during the walk: the page and the total hold only what passes', () => {
    const docs = corpus(2_000, 2)
    const engine = createSearchEngine()
    for (const doc of docs) engine.put(doc, '')
    const accept = (d: SearchDoc) => d.chatId === 'c3' && d.fromMe && d.sentAt >= Date.UTC(2026, 0, 1, 0, 20)
    const expected = scan(docs, 'invoice fri', accept)
    expect(expected.length).toBeGreaterThan(3)
    const { seen, totals } = pages(engine, 'invoice fri', { accept })
    expect(seen).toEqual(expected)
    expect([...totals]).toEqual([expected.length])
    expect(engine.match('invoice fri', { accept, after: null, limit: 2 })).toEqual({
      docs: expected.slice(0, 2),
      total: expected.length,
    })
  })

  it('stays equal to a scan through edits, removals and a removed chat, in any order of arrival', () => {
    const docs = corpus(400, 3)
    const engine = createSearchEngine()
    // Added newest first: every list is built by inserting before what is there.
    for (const doc of [...docs].reverse()) engine.put(doc, 'Diego')
    const live = new Map(docs.map((d) => [d.messageId, d]))
    const next = random(4)
    for (let i = 0; i < 150; i++) {
      const doc = docs[Math.floor(next() * docs.length)]!
      if (next() < 0.5) {
        const edited = { ...doc, text: WORDS[Math.floor(next() * WORDS.length)]! }
        engine.put(edited, 'Diego')
        live.set(doc.messageId, edited)
      } else {
        engine.remove(doc.chatId, doc.messageId)
        live.delete(doc.messageId)
      }
    }
    expect(engine.removeChat('c1')).toBe([...live.values()].filter((d) => d.chatId === 'c1').length)
    for (const doc of [...live.values()]) if (doc.chatId === 'c1') live.delete(doc.messageId)
    expect(engine.size()).toBe(live.size)
    for (const query of ['invoice', 'in', 'thanks size', 'diego hold', 'parking pickup']) {
      const expected = scan([...live.values()], query, () => true, 'Diego')
      expect(pages(engine, query, {}).seen).toEqual(expected)
    }
  })

  it('a term longer than what is indexed is checked on the text', () => {
    const engine = createSearchEngine()
    const long = 'a'.repeat(MAX_PREFIX) + 'bcdefgh'
    const doc = (messageId: string, text: string): SearchDoc => ({
      chatId: 'c',
      messageId,
      sentAt: 1,
      fromMe: false,
      hasAttachment: false,
      text,
    })
    engine.put(doc('1', long), '')
    engine.put(doc('2', 'a'.repeat(MAX_PREFIX) + 'xyz'), '')
    const found = (q: string) =>
      engine.match(q, { accept: () => true, after: null, limit: 10 }).docs.map((d) => d.messageId)
    expect(found(long.slice(0, MAX_PREFIX + 3))).toEqual(['1'])
    expect(found('a'.repeat(MAX_PREFIX))).toEqual(['2', '1'])
    expect(indexTerms(long).size).toBe(MAX_PREFIX)
  })

  it('posting lists stay ascending and drop a term once its last document goes', () => {
    const postings = createPostings()
    for (const n of [5, 1, 9, 3, 9, 7]) postings.add(n, ['x'])
    expect(Array.from(postings.list('x'))).toEqual([1, 3, 5, 7, 9])
    postings.remove(5, ['x'])
    postings.removeAll(new Set([1, 9]), ['x'])
    expect(Array.from(postings.list('x'))).toEqual([3, 7])
    postings.removeAll(new Set([3, 7]), ['x'])
    expect(Array.from(postings.list('x'))).toEqual([])
  })

  it('galloping search finds what a plain scan finds, from any start, in lists of any length', () => {
    const next = random(7)
    for (let round = 0; round < 200; round++) {
      const list: number[] = []
      let n = 0
      for (let i = Math.floor(next() * 40); i > 0; i--) list.push((n += 1 + Math.floor(next() * 5)))
      const from = Math.floor(next() * (list.length + 1))
      const sought = Math.floor(next() * (n + 3))
      const expected = list.findIndex((x, i) => i >= from && x >= sought)
      expect(gallop(Int32Array.from(list), sought, from)).toBe(expected === -1 ? list.length : expected)
    }
  })

  it('clear forgets every document, and the numbering starts over cleanly', () => {
    const engine = createSearchEngine()
    const docs = corpus(60, 3)
    for (const d of docs) engine.put(d, 'Diego')
    engine.clear()
    expect(engine.size()).toBe(0)
    expect(engine.match('invoice', { accept: () => true, limit: 10, after: null })).toEqual({
      docs: [],
      total: 0,
    })
    expect(engine.get(docs[0]!.chatId, docs[0]!.messageId)).toBeUndefined()
    const again = docs.slice(0, 20)
    for (const d of again) engine.put(d, '')
    expect(engine.size()).toBe(20)
    expect(pages(engine, 'invoice', {}).seen).toEqual(scan(again, 'invoice', () => true))
    expect(pages(engine, 'diego', {}).seen).toEqual([])
  })
})
