// Full-text search over the workspace's cached messages. The index follows the one write path
// (sync/writes.ts): every message stored, edited, deleted or fetched from older history changes it, and
// each change is appended to its journal (store.ts). At start it loads its own files, or rebuilds from the
// cache when they are missing, damaged or of another version; both run in slices and never block the event
// loop for long. Queries answer from what is indexed so far (and say `indexing` until it is all there).
import type { ChannelParsedInput } from '../../../shared/contract'
import type { Chat, Message, SearchHit, SearchResults } from '../../../shared/domain'
import { errorMessage } from '../../../shared/error-message'
import type { Logger } from '../log'
import type { MessageChange } from '../sync/writes'
import { namesOf, toDoc, toStored, type SearchDoc } from './documents'
import { createSearchEngine } from './engine'
import { createSlicer, type Slicer, type Step } from './slices'
import { cursorOf, parseCursor } from './rank'
import { snippet } from './snippet'
import { createSearchStore, type LoadSink } from './store'
import { queryText } from './tokenize'

export type SearchQuery = ChannelParsedInput<'searchMessages'>

export interface MessageSearchOptions {
  /** The index's own folder (beside the cache's). */
  dir: string
  logger: Logger
  chats(): readonly Chat[]
  chat(chatId: string): Chat | undefined
  /** A chat's cached messages, a page per step (for a rebuild that yields between steps). */
  messagePages(chatId: string): Iterable<readonly Message[]>
  /** Contacts' names for handles; a chat is indexed again under a new name when it is next listed. */
  nameOf?: (handle: string) => string
  writeDelayMs?: number
  /** The journal is folded into a new snapshot past this many changes (default 5,000 or a fifth of the index). */
  compactAfter?: number
}

export interface MessageSearch {
  /** Loads or rebuilds the index; resolves when it is complete. */
  start(): Promise<void>
  onChange(change: MessageChange): void
  search(query: SearchQuery): SearchResults
  /** A message the index knows (also those older than the cache keeps). */
  find(chatId: string, messageId: string): SearchDoc | undefined
  /** How the last start went: loaded or rebuilt, and its longest slice (ms). */
  startReport(): {
    how: 'loaded' | 'rebuilt' | null
    reason: string | null
    longestSliceMs: number
    /** The most CPU time this thread spent in one slice (the rest of a long slice was other processes'). */
    longestSliceCpuMs: number
    /** The longest read of one page from the cache during a rebuild (inside the longest slice). */
    longestCacheReadMs: number
    /** The longest steps between two pauses, by kind (what a slice could not be shorter than). */
    longestSteps: Step[]
    docs: number
  }
  flush(): Promise<void>
  /** Stops a load or rebuild under way, writes what is pending and ignores later changes. */
  close(): Promise<void>
}

/** Thrown inside start() when the workspace closes mid-way: the work just stops. */
class Closed extends Error {}

const DEFAULT_LIMIT = 50

export function createMessageSearch(options: MessageSearchOptions): MessageSearch {
  const { logger } = options
  const engine = createSearchEngine()
  const store = createSearchStore({ dir: options.dir, logger, writeDelayMs: options.writeDelayMs })
  const names = new Map<string, string>()
  let ready = false
  let buffered: MessageChange[] = []
  let compacting: Promise<void> | null = null
  let closed = false
  let starting: Promise<void> | null = null
  /** Yields like the slicer, and stops the work once the workspace has closed. */
  const sliced = (slicer: Slicer): Slicer => ({
    async pause(kind) {
      await slicer.pause(kind)
      if (closed) throw new Closed()
    },
    longestMs: () => slicer.longestMs(),
    longestCpuMs: () => slicer.longestCpuMs(),
    longestSteps: () => slicer.longestSteps(),
  })
  const report = {
    how: null as 'loaded' | 'rebuilt' | null,
    reason: null as string | null,
    longestSliceMs: 0,
    longestSliceCpuMs: 0,
    longestCacheReadMs: 0,
    longestSteps: [] as Step[],
  }

  /** The chat's names as indexed; when they changed (a rename), its messages are indexed again. */
  const namesFor = (chatId: string): string => {
    const chat = options.chat(chatId)
    const now = chat ? namesOf(chat, options.nameOf) : ''
    const before = names.get(chatId)
    names.set(chatId, now)
    if (before !== undefined && before !== now) for (const doc of engine.docsOf(chatId)) engine.put(doc, now)
    return now
  }

  const compact = (slicer: Slicer = sliced(createSlicer())) => {
    compacting ??= store
      .compact(() => engine.all(), slicer)
      .catch((error) => {
        if (!(error instanceof Closed))
          logger.error('search index could not be saved', { error: errorMessage(error) })
      })
      .finally(() => (compacting = null))
    return compacting
  }
  const compactAfter = () => options.compactAfter ?? Math.max(5_000, engine.size() / 5)

  const apply = (change: MessageChange) => {
    if (change.kind === 'chats-removed') {
      for (const chatId of change.chatIds) {
        engine.removeChat(chatId)
        names.delete(chatId)
        store.record({ dropChat: chatId })
      }
      return
    }
    if (change.kind === 'chats-listed') {
      // Only chats already indexed: a chat's first messages bring its names with them.
      for (const chatId of change.chatIds) if (names.has(chatId)) namesFor(chatId)
      return
    }
    const chatNames = namesFor(change.chatId)
    for (const message of change.upserted) {
      const doc = toDoc(message)
      engine.put(doc, chatNames)
      store.record({ put: toStored(doc) })
    }
    for (const id of change.removedIds) {
      if (engine.remove(change.chatId, id)) store.record({ del: [change.chatId, id] })
    }
  }

  const rebuild = async (slicer: Slicer) => {
    for (const chat of options.chats()) {
      const chatNames = namesFor(chat.id)
      // Each step reads at most one page file from the cache: that cost is timed apart.
      const pages = options.messagePages(chat.id)[Symbol.iterator]()
      for (;;) {
        await slicer.pause('rebuild: chat')
        const started = performance.now()
        const step = pages.next()
        report.longestCacheReadMs = Math.max(report.longestCacheReadMs, performance.now() - started)
        if (step.done) break
        for (const message of step.value) {
          engine.put(toDoc(message), chatNames)
          await slicer.pause('rebuild: message')
        }
      }
    }
  }

  /** What the index's files hold goes straight into the engine as it is read. */
  const loadSink: LoadSink = {
    put(doc) {
      // A chat no longer in the cache was removed while the index was not listening.
      if (!options.chat(doc.chatId)) return
      engine.put(doc, names.get(doc.chatId) ?? namesFor(doc.chatId))
    },
    remove: (chatId, messageId) => void engine.remove(chatId, messageId),
    removeChat(chatId) {
      engine.removeChat(chatId)
      names.delete(chatId)
    },
  }

  const run = async () => {
    const slicer = sliced(createSlicer())
    let loaded: Awaited<ReturnType<typeof store.load>>
    try {
      loaded = await store.load(slicer, loadSink)
    } catch (error) {
      if (error instanceof Closed) throw error
      loaded = { rebuild: `unreadable: ${errorMessage(error)}` }
    }
    if ('journalOps' in loaded) {
      report.how = 'loaded'
    } else {
      logger.info('rebuilding the search index', { reason: loaded.rebuild })
      // What was read before the damage is dropped: the rebuild starts from nothing.
      engine.clear()
      names.clear()
      await rebuild(slicer)
      report.how = 'rebuilt'
      report.reason = loaded.rebuild
    }
    for (const change of buffered) apply(change)
    buffered = []
    ready = true
    if ('rebuild' in loaded || store.journalOps() > compactAfter()) await compact(slicer)
    // After the snapshot is written: its slices count too.
    report.longestSliceMs = slicer.longestMs()
    report.longestSliceCpuMs = slicer.longestCpuMs()
    report.longestSteps = slicer.longestSteps()
  }

  return {
    start() {
      starting ??= run().catch((error) => {
        if (!(error instanceof Closed)) throw error
      })
      return starting
    },

    onChange(change) {
      if (closed) return
      if (!ready) {
        buffered.push(change)
        return
      }
      apply(change)
      if (store.journalOps() > compactAfter()) void compact()
    },

    search(query) {
      const limit = query.limit ?? DEFAULT_LIMIT
      const text = queryText(query.query)
      const { docs, total } = engine.match(text, {
        accept: acceptFor(query, options.chats),
        after: parseCursor(query.cursor),
        limit: limit + 1,
      })
      const more = docs.length > limit
      const page = docs.slice(0, limit)
      const hits: SearchHit[] = page.map((d) => ({
        chatId: d.chatId,
        messageId: d.messageId,
        sentAt: new Date(d.sentAt).toISOString(),
        isFromMe: d.fromMe,
        hasAttachment: d.hasAttachment,
        snippet: snippet(d.text, text),
      }))
      return { hits, total, nextCursor: more ? cursorOf(page.at(-1)!) : null, indexing: !ready }
    },

    find: (chatId, messageId) => engine.get(chatId, messageId),
    startReport: () => ({ ...report, docs: engine.size() }),
    async flush() {
      await compacting
      await store.flush()
    },
    async close() {
      closed = true
      await starting
      await compacting
      await store.flush()
    },
  }
}

/** The query's filters as one check, made while the index walks its matches. */
function acceptFor(query: SearchQuery, chats: () => readonly Chat[]): (doc: SearchDoc) => boolean {
  const inChats = query.phoneNumber
    ? new Set(
        chats()
          .filter((c) => c.phoneNumber === query.phoneNumber)
          .map((c) => c.id),
      )
    : null
  const since = query.since ? Date.parse(query.since) : -Infinity
  const until = query.until ? Date.parse(query.until) : Infinity
  const fromMe = query.from ? query.from === 'me' : undefined
  return (d) =>
    (!query.chatId || d.chatId === query.chatId) &&
    (!inChats || inChats.has(d.chatId)) &&
    (fromMe === undefined || d.fromMe === fromMe) &&
    (query.hasAttachment === undefined || d.hasAttachment === query.hasAttachment) &&
    d.sentAt >= since &&
    d.sentAt < until
}
