// Posting lists: for each term (every word's prefixes, so "invo" finds "invoice"), the numbers of the
// documents holding it, ascending (as 32-bit integers). Documents are numbered as they are first added, so building the index
// appends to the end of each list; only an edit inserts in the middle (binary search). The term map is split
// into shards: one Map of 100,000+ terms rehashes in one long block when it grows.
import { tokenize } from './tokenize'

/** Longer terms are indexed by their first MAX_PREFIX characters; a longer query term is checked on the text. */
export const MAX_PREFIX = 20
const SHARDS = 64
const EMPTY = new Int32Array(0)

/** The terms a document is indexed under: each of its words' prefixes, once. */
export function indexTerms(content: string): Set<string> {
  const out = new Set<string>()
  for (const word of tokenize(content)) {
    const top = Math.min(word.length, MAX_PREFIX)
    for (let length = 1; length <= top; length++) out.add(word.slice(0, length))
  }
  return out
}

/** The first index in [from, to) whose number is ≥ n (`to` when there is none). */
export function lowerBound(list: ArrayLike<number>, n: number, from = 0, to = list.length): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid]! < n) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * lowerBound from `from` onwards, for a walk that moves forward through a list: it probes from+1, +2, +4, …
 * then searches only the last gap, so a nearby answer costs a few steps instead of a search to the list's end.
 */
export function gallop(list: ArrayLike<number>, n: number, from: number): number {
  let lo = from
  let step = 1
  let hi = from
  while (hi < list.length && list[hi]! < n) {
    lo = hi + 1
    hi += step
    step *= 2
  }
  return lowerBound(list, n, lo, Math.min(hi, list.length))
}

export interface Postings {
  add(n: number, terms: Iterable<string>): void
  remove(n: number, terms: Iterable<string>): void
  /** Removes many documents at once (a removed chat): each affected list is filtered once. */
  removeAll(gone: ReadonlySet<number>, terms: Iterable<string>): void
  list(term: string): ArrayLike<number>
}

/**
 * One term's list in a typed array with room to grow: the garbage collector does not walk a typed array's
 * contents (a big one lives outside the heap), and millions of numbers in plain arrays made its pauses long.
 */
interface List {
  ids: Int32Array
  length: number
}

function insert(list: List, n: number) {
  const at =
    list.length > 0 && list.ids[list.length - 1]! < n ? list.length : lowerBound(list.ids, n, 0, list.length)
  if (at < list.length && list.ids[at] === n) return
  if (list.length === list.ids.length) {
    const grown = new Int32Array(Math.max(4, list.ids.length * 2))
    grown.set(list.ids)
    list.ids = grown
  }
  if (at < list.length) list.ids.copyWithin(at + 1, at, list.length)
  list.ids[at] = n
  list.length++
}

export function createPostings(): Postings {
  const shards = Array.from({ length: SHARDS }, () => new Map<string, List>())
  const shardOf = (term: string) => {
    let hash = term.length
    for (let i = 0; i < term.length && i < 4; i++) hash = (hash * 31 + term.charCodeAt(i)) | 0
    hash = (hash * 31 + term.charCodeAt(term.length - 1)) | 0
    return shards[(hash >>> 0) % SHARDS]!
  }
  const drop = (term: string, list: List) => {
    if (list.length === 0) shardOf(term).delete(term)
  }
  return {
    add(n, terms) {
      for (const term of terms) {
        const shard = shardOf(term)
        const list = shard.get(term)
        if (list) insert(list, n)
        else shard.set(term, { ids: Int32Array.of(n), length: 1 })
      }
    },
    remove(n, terms) {
      for (const term of terms) {
        const list = shardOf(term).get(term)
        if (!list) continue
        const at = lowerBound(list.ids, n, 0, list.length)
        if (at < list.length && list.ids[at] === n) {
          list.ids.copyWithin(at, at + 1, list.length)
          list.length--
        }
        drop(term, list)
      }
    },
    removeAll(gone, terms) {
      for (const term of terms) {
        const list = shardOf(term).get(term)
        if (!list) continue
        let kept = 0
        for (let i = 0; i < list.length; i++) if (!gone.has(list.ids[i]!)) list.ids[kept++] = list.ids[i]!
        list.length = kept
        drop(term, list)
      }
    },
    list(term) {
      const list = shardOf(term).get(term)
      return list ? list.ids.subarray(0, list.length) : EMPTY
    },
  }
}
