// The index in memory: FlexSearch's inverted index over each message's words (prefixes included, so "invo"
// finds "invoice") and the documents it points to. Why FlexSearch 0.8 and not MiniSearch 7.2, measured on
// 50,000 seeded messages (test/bench/search-libraries.ts; numbers in issue 18's report): a query is 20–100×
// faster (one word p95 ~0.4 ms against ~11 ms, two words ~1–5 ms against ~50–80 ms, where a plain scan
// takes ~17 ms), and removing a message is cheap with `fastupdate`. What it lacks we do ourselves: there is
// no edit-distance fuzzy match (prefixes only), and its export is one 17 MB string whose import blocks (and
// fails with fastupdate), so documents are persisted by store.ts and the index is rebuilt from them in
// slices at start. Ranking is newest first among messages holding every term, as Messages.app and Signal do.
import { Index } from 'flexsearch'
import type { SearchDoc } from './documents'
import { tokenize } from './tokenize'

/** More matches than this for one query are not ranked (a query that broad is refined, not paged). */
export const MAX_MATCHES = 20_000

export interface SearchEngine {
  /** Adds or replaces a message (`names`: its chat's, see namesOf). */
  put(doc: SearchDoc, names: string): void
  remove(chatId: string, messageId: string): boolean
  removeChat(chatId: string): number
  /** Documents holding every term of `query` (as words or word prefixes), unordered. */
  match(query: string): SearchDoc[]
  get(chatId: string, messageId: string): SearchDoc | undefined
  docsOf(chatId: string): SearchDoc[]
  all(): IterableIterator<SearchDoc>
  size(): number
}

const keyOf = (chatId: string, messageId: string) => chatId + '\u0000' + messageId

export function createSearchEngine(): SearchEngine {
  // keystore splits the term map into many small maps: one huge Map's rehash blocks for 100+ ms.
  const index = new Index({ tokenize: 'forward', encode: tokenize, fastupdate: true, keystore: 8 })
  const docs = new Map<number, SearchDoc>()
  const numbers = new Map<string, number>()
  const byChat = new Map<string, Set<number>>()
  let next = 0

  const forget = (n: number, doc: SearchDoc) => {
    index.remove(n)
    docs.delete(n)
    numbers.delete(keyOf(doc.chatId, doc.messageId))
    byChat.get(doc.chatId)?.delete(n)
  }

  return {
    put(doc, names) {
      const key = keyOf(doc.chatId, doc.messageId)
      const known = numbers.get(key)
      const content = `${doc.text}\n${names}`
      if (known !== undefined) {
        docs.set(known, doc)
        index.update(known, content)
        return
      }
      const n = ++next
      docs.set(n, doc)
      numbers.set(key, n)
      let chat = byChat.get(doc.chatId)
      if (!chat) byChat.set(doc.chatId, (chat = new Set()))
      chat.add(n)
      index.add(n, content)
    },
    remove(chatId, messageId) {
      const n = numbers.get(keyOf(chatId, messageId))
      if (n === undefined) return false
      forget(n, docs.get(n)!)
      return true
    },
    removeChat(chatId) {
      const ids = [...(byChat.get(chatId) ?? [])]
      for (const n of ids) forget(n, docs.get(n)!)
      byChat.delete(chatId)
      return ids.length
    },
    match(query) {
      if (tokenize(query).length === 0) return []
      // FlexSearch answers undefined (not []) for a term whose last document was removed.
      const ids = (index.search(query, { limit: MAX_MATCHES }) as number[] | undefined) ?? []
      const out: SearchDoc[] = []
      for (const n of ids) {
        const doc = docs.get(n)
        if (doc) out.push(doc)
      }
      return out
    },
    get: (chatId, messageId) => {
      const n = numbers.get(keyOf(chatId, messageId))
      return n === undefined ? undefined : docs.get(n)
    },
    docsOf: (chatId) => [...(byChat.get(chatId) ?? [])].map((n) => docs.get(n)!),
    all: () => docs.values(),
    size: () => docs.size,
  }
}
