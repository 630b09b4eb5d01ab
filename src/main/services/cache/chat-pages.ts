// One chat's messages in memory, and which of its page files each change dirties (pages.ts decides where a
// message goes). Past the per-chat bound the oldest messages are dropped from memory at once, but their page
// is rewritten only when it empties (then deleted) or changes anyway: every page written carries the newest
// dropped message's place (`trimmedThrough`), and reading drops what lies at or before it. So an incoming
// message in a full chat rewrites its newest page only, never the oldest one too.
import type { Message } from '../../../shared/domain'
import { compareMessages } from '../../../shared/message-order'
import { createPageBook, type PageBook } from './pages'
import { MESSAGES_PER_PAGE, type ChatPage } from './files'

/** A message's place in the thread order, which is all `compareMessages` reads. */
export interface Place {
  sentAt: string
  id: string
}

export interface ChatEntry {
  messages: Message[]
  byId: Map<string, Message>
  book: PageBook
  trimmedThrough: Place | null
}

const sameMessage = (a: Message, b: Message) => JSON.stringify(a) === JSON.stringify(b)
const later = (a: Place | null, b: Place | null) => (!a ? b : !b ? a : compareMessages(a, b) >= 0 ? a : b)

/**
 * The entry for pages read back (in page order; a message in two pages counts in the later one). A page
 * written before the latest trim may still hold dropped messages: those at or before the cut are stale. A
 * page written since then holds only live ones (an older message fetched again after the trim included).
 */
export function entryFromPages(pages: readonly ChatPage[], maxMessages: number): ChatEntry {
  const book = createPageBook(MESSAGES_PER_PAGE)
  const byId = new Map<string, Message>()
  const cut = pages.reduce<Place | null>((newest, page) => later(newest, page.trimmedThrough), null)
  for (const page of pages) {
    const current = cut === null || (page.trimmedThrough && compareMessages(page.trimmedThrough, cut) === 0)
    for (const message of page.messages) {
      if (cut !== null && !current && compareMessages(message, cut) <= 0) continue
      byId.set(message.id, message)
      book.place(message.id, page.page)
    }
  }
  const entry: ChatEntry = {
    messages: [...byId.values()].sort(compareMessages),
    byId,
    book,
    trimmedThrough: cut,
  }
  trimToBound(entry, maxMessages)
  return entry
}

/** Drops the `count` oldest messages; returns the pages that emptied (their files go). */
function dropOldest(entry: ChatEntry, count: number): Set<number> {
  const emptied = new Set<number>()
  if (count <= 0) return emptied
  for (const dropped of entry.messages.splice(0, count)) {
    entry.byId.delete(dropped.id)
    const page = entry.book.remove(dropped.id)
    if (page !== undefined && entry.book.size(page) === 0) emptied.add(page)
    entry.trimmedThrough = later(entry.trimmedThrough, dropped)
  }
  return emptied
}

/** Keeps the newest `maxMessages`; returns the pages that emptied, or null when nothing was dropped. */
export function trimToBound(entry: ChatEntry, maxMessages: number): Set<number> | null {
  const excess = entry.messages.length - maxMessages
  return excess > 0 ? dropOldest(entry, excess) : null
}

/** Adds or replaces messages (kept oldest first); returns the ones that changed and the pages to write. */
export function mergeMessages(
  entry: ChatEntry,
  incoming: Message[],
): { changed: Message[]; pages: Set<number> } {
  const changed: Message[] = []
  const pages = new Set<number>()
  let needsSort = false
  let added = false
  for (const message of incoming) {
    const known = entry.byId.get(message.id)
    if (known && sameMessage(known, message)) continue
    changed.push(message)
    if (known) {
      entry.messages[entry.messages.indexOf(known)] = message
      if (known.sentAt !== message.sentAt) needsSort = true
      const page = entry.book.pageOf(message.id)
      if (page !== undefined) pages.add(page)
    } else {
      const last = entry.messages.at(-1)
      if (last && compareMessages(last, message) > 0) needsSort = true
      entry.messages.push(message)
      added = true
    }
    entry.byId.set(message.id, message)
  }
  if (needsSort) entry.messages.sort(compareMessages)
  if (added) for (const page of entry.book.placeNew(entry.messages.map((m) => m.id))) pages.add(page)
  return { changed, pages }
}

/** Removes messages by id; returns the ones removed and the pages to write. */
export function removeFromEntry(entry: ChatEntry, ids: string[]): { removed: string[]; pages: Set<number> } {
  const removed = ids.filter((id) => entry.byId.delete(id))
  const pages = new Set<number>()
  if (removed.length === 0) return { removed, pages }
  const gone = new Set(removed)
  entry.messages = entry.messages.filter((m) => !gone.has(m.id))
  for (const id of removed) {
    const page = entry.book.remove(id)
    if (page !== undefined) pages.add(page)
  }
  return { removed, pages }
}

/** What page `page` holds now (empty when it is to be deleted). */
export function pageContent(entry: ChatEntry, page: number): Message[] {
  return entry.book.size(page) === 0 ? [] : entry.messages.filter((m) => entry.book.pageOf(m.id) === page)
}
