// Posting lists: for each term (every word's prefixes, so "invo" finds "invoice"), the numbers of the
// documents holding it, ascending. Documents are numbered as they are first added, so building the index
// appends to the end of each list; only an edit inserts in the middle (binary search). The term map is split
// into shards: one Map of 100,000+ terms rehashes in one long block when it grows.
import { tokenize } from './tokenize'

/** Longer terms are indexed by their first MAX_PREFIX characters; a longer query term is checked on the text. */
export const MAX_PREFIX = 20
const SHARDS = 64
const EMPTY: readonly number[] = []

/** The terms a document is indexed under: each of its words' prefixes, once. */
export function indexTerms(content: string): Set<string> {
  const out = new Set<string>()
  for (const word of tokenize(content)) {
    const top = Math.min(word.length, MAX_PREFIX)
    for (let length = 1; length <= top; length++) out.add(word.slice(0, length))
  }
  return out
}

/** The first index at or after `from` whose number is ≥ n. */
export function lowerBound(list: readonly number[], n: number, from = 0): number {
  let lo = from
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid]! < n) lo = mid + 1
    else hi = mid
  }
  return lo
}

export interface Postings {
  add(n: number, terms: Iterable<string>): void
  remove(n: number, terms: Iterable<string>): void
  /** Removes many documents at once (a removed chat): each affected list is filtered once. */
  removeAll(gone: ReadonlySet<number>, terms: Iterable<string>): void
  list(term: string): readonly number[]
}

export function createPostings(): Postings {
  const shards = Array.from({ length: SHARDS }, () => new Map<string, number[]>())
  const shardOf = (term: string) => {
    let hash = term.length
    for (let i = 0; i < term.length && i < 4; i++) hash = (hash * 31 + term.charCodeAt(i)) | 0
    hash = (hash * 31 + term.charCodeAt(term.length - 1)) | 0
    return shards[(hash >>> 0) % SHARDS]!
  }
  const drop = (term: string, list: number[]) => {
    if (list.length === 0) shardOf(term).delete(term)
  }
  return {
    add(n, terms) {
      for (const term of terms) {
        const shard = shardOf(term)
        const list = shard.get(term)
        if (!list) shard.set(term, [n])
        else if (list[list.length - 1]! < n) list.push(n)
        else {
          const at = lowerBound(list, n)
          if (list[at] !== n) list.splice(at, 0, n)
        }
      }
    },
    remove(n, terms) {
      for (const term of terms) {
        const list = shardOf(term).get(term)
        if (!list) continue
        const at = lowerBound(list, n)
        if (list[at] === n) list.splice(at, 1)
        drop(term, list)
      }
    },
    removeAll(gone, terms) {
      for (const term of terms) {
        const list = shardOf(term).get(term)
        if (!list) continue
        let kept = 0
        for (const n of list) if (!gone.has(n)) list[kept++] = n
        list.length = kept
        drop(term, list)
      }
    },
    list: (term) => shardOf(term).get(term) ?? EMPTY,
  }
}
