// Which full-text library the search index uses, by measurement (run: npx tsx test/bench/search-libraries.ts).
// MiniSearch 7.2 and FlexSearch 0.8 index the same 50,000 messages (search-corpus.ts) with the app's own
// tokenizer and the same stored fields, and are timed on the same queries. Prints one table.
import { Document } from 'flexsearch'
import MiniSearch from 'minisearch'
import { tokenize } from '../../src/main/services/search/tokenize'
import { searchCorpus } from './search-corpus'
import { quantile } from './stats'

interface Doc {
  id: string
  chatId: string
  sentAt: string
  text: string
  names: string
  [key: string]: string
}

const QUERIES = {
  'one word': ['invoice', 'warranty', 'parking', 'thursday', 'delivery', 'appointment', 'missing', 'pickup'],
  prefix: ['invo', 'warr', 'park', 'thur', 'deliv', 'appoi', 'miss', 'pick'],
  'two words': ['invoice again', 'missing item', 'card arrive', 'delivery update', 'size m', 'hold friday'],
}

function docs(): Doc[] {
  const corpus = searchCorpus()
  const out: Doc[] = []
  for (const chat of corpus.chats) {
    const names = [chat.title, ...chat.participants.map((p) => p.handle)].join(' ')
    for (const m of corpus.messages.get(chat.id) ?? []) {
      const text = [m.text, ...m.attachments.map((a) => a.filename)].join(' ')
      out.push({ id: m.id, chatId: chat.id, sentAt: m.sentAt, text, names })
    }
  }
  return out
}

const time = <T>(f: () => T): [T, number] => {
  const started = performance.now()
  const value = f()
  return [value, performance.now() - started]
}

function timeQueries(run: (q: string) => number, list: string[]): { p50: number; p95: number; hits: number } {
  const times: number[] = []
  let hits = 0
  for (let round = 0; round < 25; round++) {
    for (const q of list) {
      const [n, ms] = time(() => run(q))
      times.push(ms)
      hits = Math.max(hits, n)
    }
  }
  times.sort((a, b) => a - b)
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), hits }
}

const miniOptions = {
  fields: ['text', 'names'],
  storeFields: ['chatId', 'sentAt', 'text'],
  tokenize,
  processTerm: (term: string) => term,
  searchOptions: { boost: { text: 2 }, combineWith: 'AND' as const },
}

function miniSearch(all: Doc[]) {
  const [index, build] = time(() => {
    const ms = new MiniSearch<Doc>(miniOptions)
    ms.addAll(all)
    return ms
  })
  const [json, save] = time(() => JSON.stringify(index))
  const [loaded, load] = time(() => MiniSearch.loadJSON<Doc>(json, miniOptions))
  const search = (q: string, prefix: boolean) => loaded.search(q, { prefix, fuzzy: false }).length
  return {
    build,
    save,
    bytes: Buffer.byteLength(json),
    load,
    queries: {
      'one word': timeQueries((q) => search(q, false), QUERIES['one word']),
      prefix: timeQueries((q) => search(q, true), QUERIES.prefix),
      'two words': timeQueries((q) => search(q, true), QUERIES['two words']),
    },
    fuzzy: loaded.search('warrenty', { fuzzy: 0.2 }).length > 0,
    diacritics: true,
  }
}

function flexSearch(all: Doc[]) {
  const options = {
    tokenize: 'forward' as const,
    encode: tokenize,
    document: { id: 'id', index: ['text', 'names'], store: ['chatId', 'sentAt', 'text'] },
  }
  const [index, build] = time(() => {
    const fx = new Document<Doc>(options)
    for (const doc of all) fx.add(doc)
    return fx
  })
  const [parts, save] = time(() => {
    const out: [string, string][] = []
    void index.export((key: string, data: string) => void out.push([key, data]))
    return out
  })
  const bytes = parts.reduce((n, [k, d]) => n + Buffer.byteLength(k) + Buffer.byteLength(d ?? ''), 0)
  const [loaded, load] = time(() => {
    const fx = new Document<Doc>(options)
    for (const [key, data] of parts) fx.import(key, data)
    return fx
  })
  const ids = (q: string) => {
    const perField = loaded.search(q, { limit: 100_000 }) as { result: string[] }[]
    return new Set(perField.flatMap((f) => f.result)).size
  }
  return {
    build,
    save,
    bytes,
    load,
    queries: {
      'one word': timeQueries(ids, QUERIES['one word']),
      prefix: timeQueries(ids, QUERIES.prefix),
      'two words': timeQueries(ids, QUERIES['two words']),
    },
    fuzzy: ids('warrenty') > 0,
    diacritics: true,
  }
}

const all = docs()
const f = (n: number) => n.toFixed(2)
for (const [name, r] of [
  ['MiniSearch 7.2', miniSearch(all)],
  ['FlexSearch 0.8', flexSearch(all)],
] as const) {
  process.stdout.write(
    `${name}: ${all.length} messages; build ${r.build.toFixed(0)} ms, serialize ${r.save.toFixed(0)} ms, ` +
      `size ${(r.bytes / 1e6).toFixed(1)} MB, load ${r.load.toFixed(0)} ms; fuzzy "warrenty" → warranty: ` +
      `${r.fuzzy}; diacritics: ${r.diacritics ? 'yes (app tokenizer)' : 'no'}\n`,
  )
  for (const [kind, q] of Object.entries(r.queries)) {
    process.stdout.write(`  ${kind}: p50 ${f(q.p50)} ms, p95 ${f(q.p95)} ms (most hits ${q.hits})\n`)
  }
}
