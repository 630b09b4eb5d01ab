// The index in memory: posting lists (postings.ts) over each message's words and its chat's names, and the
// documents they point to. Earlier this was FlexSearch 0.8 (20–100× faster than MiniSearch here, see
// test/bench/search-libraries.ts), but it answers in its own relevance order, so every query fetched up to
// 20,000 ids to filter and rank them, and two common words cost ~10 ms. Our own lists are ascending document
// numbers: a query walks the rarest term's list, checks the other terms by galloping search and the filters
// in the same pass, and keeps only the `limit` newest (rank.ts), so nothing is materialised but the page.
// There is no edit-distance fuzzy match (prefixes only), as before.
import type { SearchDoc } from './documents'
import { createPostings, gallop, indexTerms, MAX_PREFIX } from './postings'
import { createTopK, newestFirst, type Position } from './rank'
import { tokenize } from './tokenize'

export interface MatchOptions {
  /** The query's filters, checked during the walk. */
  accept(doc: SearchDoc): boolean
  /** Only documents after this one (a cursor); they still count in `total`. */
  after: Position | null
  /** How many to return, newest first. */
  limit: number
}

export interface SearchEngine {
  /** Adds or replaces a message (`names`: its chat's, see namesOf). */
  put(doc: SearchDoc, names: string): void
  remove(chatId: string, messageId: string): boolean
  removeChat(chatId: string): number
  /** The newest `limit` documents holding every term of `query` (as words or word prefixes), and how many match. */
  match(query: string, options: MatchOptions): { docs: SearchDoc[]; total: number }
  get(chatId: string, messageId: string): SearchDoc | undefined
  docsOf(chatId: string): SearchDoc[]
  all(): IterableIterator<SearchDoc>
  size(): number
  /** Forgets every document. */
  clear(): void
}

const keyOf = (chatId: string, messageId: string) => chatId + '\u0000' + messageId
const contentOf = (doc: SearchDoc, names: string) => `${doc.text}\n${names}`

export function createSearchEngine(): SearchEngine {
  let postings = createPostings()
  // By document number: an array reads faster than a Map in the walk, and numbers are dense.
  let docs: ({ doc: SearchDoc; names: string } | undefined)[] = []
  let count = 0
  let numbers = new Map<string, number>()
  let byChat = new Map<string, Set<number>>()
  let next = 0
  // A chat's names are the same for each of its messages (a rebuild goes chat by chat): their terms once.
  let lastNames = { text: '', terms: new Set<string>() }
  const termsOf = (doc: SearchDoc, chatNames: string): Set<string> => {
    if (chatNames !== lastNames.text) lastNames = { text: chatNames, terms: indexTerms(chatNames) }
    const terms = indexTerms(doc.text)
    for (const term of lastNames.terms) terms.add(term)
    return terms
  }

  const forget = (n: number) => {
    const entry = docs[n]!
    postings.remove(n, termsOf(entry.doc, entry.names))
    docs[n] = undefined
    count--
    numbers.delete(keyOf(entry.doc.chatId, entry.doc.messageId))
    byChat.get(entry.doc.chatId)?.delete(n)
  }

  return {
    put(doc, names) {
      const key = keyOf(doc.chatId, doc.messageId)
      const known = numbers.get(key)
      if (known !== undefined) {
        const before = docs[known]!
        postings.remove(known, termsOf(before.doc, before.names))
        docs[known] = { doc, names }
        postings.add(known, termsOf(doc, names))
        return
      }
      const n = next++
      docs[n] = { doc, names }
      count++
      numbers.set(key, n)
      let chat = byChat.get(doc.chatId)
      if (!chat) byChat.set(doc.chatId, (chat = new Set()))
      chat.add(n)
      postings.add(n, termsOf(doc, names))
    },
    remove(chatId, messageId) {
      const n = numbers.get(keyOf(chatId, messageId))
      if (n === undefined) return false
      forget(n)
      return true
    },
    removeChat(chatId) {
      const gone = byChat.get(chatId) ?? new Set<number>()
      const terms = new Set<string>()
      for (const n of gone) {
        const { doc, names } = docs[n]!
        for (const term of termsOf(doc, names)) terms.add(term)
        docs[n] = undefined
        count--
        numbers.delete(keyOf(doc.chatId, doc.messageId))
      }
      postings.removeAll(gone, terms)
      byChat.delete(chatId)
      return gone.size
    },
    match(query, options) {
      const terms = [...new Set(tokenize(query))]
      if (terms.length === 0) return { docs: [], total: 0 }
      const lists = terms.map((term) => postings.list(term.slice(0, MAX_PREFIX)))
      // Terms longer than what is indexed are checked on the text itself.
      const long = terms.filter((term) => term.length > MAX_PREFIX)
      const [rarest, ...others] = lists.sort((a, b) => a.length - b.length)
      const top = createTopK(options.limit)
      let total = 0
      walk(rarest!, others, (n) => {
        const { doc, names } = docs[n]!
        if (long.length > 0 && !holdsAll(contentOf(doc, names), long)) return
        if (!options.accept(doc)) return
        total++
        if (!options.after || newestFirst(doc, options.after) > 0) top.offer(doc)
      })
      return { docs: top.result(), total }
    },
    get: (chatId, messageId) => {
      const n = numbers.get(keyOf(chatId, messageId))
      return n === undefined ? undefined : docs[n]?.doc
    },
    docsOf: (chatId) => [...(byChat.get(chatId) ?? [])].map((n) => docs[n]!.doc),
    all: () =>
      (function* () {
        for (const entry of docs) if (entry) yield entry.doc
      })(),
    size: () => count,
    clear() {
      postings = createPostings()
      docs = []
      numbers = new Map()
      byChat = new Map()
      count = 0
      next = 0
    },
  }
}

/** Calls `visit` with each number in `first` that is in every one of `others` (all ascending): one pass. */
function walk(first: ArrayLike<number>, others: ArrayLike<number>[], visit: (n: number) => void) {
  const at = others.map(() => 0)
  next: for (let k = 0; k < first.length; k++) {
    const n = first[k]!
    for (let i = 0; i < others.length; i++) {
      const list = others[i]!
      at[i] = gallop(list, n, at[i]!)
      if (list[at[i]!] !== n) continue next
    }
    visit(n)
  }
}

const holdsAll = (content: string, terms: string[]) => {
  const words = tokenize(content)
  return terms.every((term) => words.some((word) => word.startsWith(term)))
}
