// The durable outbox. A message the user sends is written here first (with an idempotency key made once
// for it, and copies of its files in the app's data dir), shown at once as queued, and then sent. The file
// is rewritten on every change, so after a crash or a restart each unconfirmed message is sent again with
// its original key and Linq never holds a duplicate. Per chat, one message is in flight at a time, in the
// order they were written, so a chat's messages land in order. The parts: entries.ts (what is kept and
// how it is read back), pump.ts (sending and retrying), this file (the outbox's operations).
import { randomUUID } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Message } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { errorMessage } from '../../../shared/error-message'
import type { StoreEngine, StoreFile } from '../cache/engine'
import type { LinqClient, SendResult } from '../linq-api'
import { newIdempotencyKey } from '../linq-api'
import type { LinqApiError } from '../linq-api/errors'
import type { Logger } from '../log'
import type { OnDamage } from '../persist/documents'
import { entryMessage, loadEntries, SCHEMA_VERSION, type OutboxEntry, type OutboxFile } from './entries'
import { createPump, type OutboxBook } from './pump'

export type { OutboxEntry, OutboxFile } from './entries'
export { MIN_RETRY_MS } from './pump'

/** A file to send; the outbox copies it into its own folder before enqueue returns. */
export interface FileToSend {
  name: string
  mimeType: string
  /** Writes the file's bytes to `dest` (a new file) and returns how many; throws when it cannot. */
  copyTo(dest: string): Promise<number>
}

export interface OutboxOptions {
  /** Holds outbox.json and the copied files. */
  dir: string
  engine: StoreEngine
  logger: Logger
  client: Pick<LinqClient, 'sendMessage'>
  /** The sender shown on queued messages: the chat's Linq number. */
  senderFor(chatId: string): string
  /** URL of a queued file for the renderer (mediaSrc('outbox/<localId>/<index>')). */
  fileSrc(localId: string, index: number): string
  /** A queued message appeared or changed (state, failure, upload progress). */
  onChange(message: Message): void
  /** Linq accepted the message: `message` replaces the local one. Files are still on disk during the call. */
  onSent(entry: OutboxEntry, result: SendResult): void | Promise<void>
  /** Discarded by the user. */
  onRemoved(chatId: string, localId: string): void
  /** A send failed in a way that will be retried (offline, rate-limited, Linq down). */
  onTransientFailure?(error: LinqApiError, nextAttemptAt: number): void
  /** Entries (or the whole file) that could not be restored at start were set aside. */
  onDamage?: OnDamage
  /** Retry backoff after the client itself gave up on a transient failure. */
  backoff?: { baseMs: number; maxMs: number }
  random?: () => number
  now?: () => number
}

/** outbox.json and the files beside it, in memory; every change is written at once. */
function createBook(options: OutboxOptions) {
  const { logger, dir } = options
  let file: StoreFile | null = null
  let entries: OutboxEntry[] = []
  const progress = new Map<string, { sentBytes: number; totalBytes: number }>()
  const filePath = (localId: string, index: number) => join(dir, 'files', localId, String(index))

  const persist = () => {
    try {
      file?.write({ schemaVersion: SCHEMA_VERSION, entries })
    } catch (error) {
      // A full disk: the entries are still in memory and go out; the next change writes them again.
      logger.error('could not save the outbox', { error: errorMessage(error) })
    }
  }
  const toMessage = (entry: OutboxEntry): Message =>
    entryMessage(entry, {
      from: options.senderFor(entry.chatId),
      progress: progress.get(entry.localId) ?? null,
      fileSrc: options.fileSrc,
    })
  const show = (entry: OutboxEntry) => {
    try {
      options.onChange(toMessage(entry))
    } catch (error) {
      logger.error('outbox change listener failed', { error: errorMessage(error) })
    }
  }
  const remove = async (entry: OutboxEntry) => {
    entries = entries.filter((e) => e !== entry)
    persist()
    await rm(join(dir, 'files', entry.localId), { recursive: true, force: true }).catch(() => undefined)
  }

  const book: OutboxBook = {
    entries: () => entries,
    has: (entry) => entries.includes(entry),
    changed(entry) {
      persist()
      show(entry)
    },
    progress(entry, p) {
      if (!p) return void progress.delete(entry.localId)
      progress.set(entry.localId, p)
      options.onChange(toMessage(entry))
    },
    async sent(entry, result) {
      try {
        await options.onSent(entry, result)
      } finally {
        await remove(entry)
      }
    },
    filePath,
  }
  return {
    book,
    toMessage,
    persist,
    remove,
    open() {
      const loaded = loadEntries({ ...options, filePath })
      file = loaded.file
      entries = loaded.entries
      persist()
    },
    add(entry: OutboxEntry) {
      entries.push(entry)
      persist()
    },
    find(localId: string): OutboxEntry {
      const entry = entries.find((e) => e.localId === localId)
      if (!entry) throw new AppError('not-found', 'That message is no longer waiting to be sent.')
      return entry
    },
    opened: () => file !== null,
  }
}

/** Copies the files into the outbox's folder for `localId`; on any failure nothing is left behind. */
async function copyFiles(
  dir: string,
  localId: string,
  files: FileToSend[],
  logger: Logger,
): Promise<OutboxFile[]> {
  const folder = join(dir, 'files', localId)
  const copies: OutboxFile[] = []
  try {
    for (const [index, f] of files.entries()) {
      await mkdir(folder, { recursive: true })
      const copy = join(folder, String(index))
      const size = await f.copyTo(copy)
      copies.push({ name: f.name, mimeType: f.mimeType, sizeBytes: size, path: copy })
    }
    return copies
  } catch (error) {
    await rm(folder, { recursive: true, force: true })
    logger.warn('could not copy a file into the outbox', { error: errorMessage(error) })
    if (error instanceof AppError) throw error
    throw new AppError('file', 'A file could not be read, so nothing was sent. Add it again and retry.')
  }
}

export function createOutbox(options: OutboxOptions) {
  const { logger } = options
  const now = options.now ?? Date.now
  const store = createBook(options)
  const pump = createPump({
    book: store.book,
    client: options.client,
    logger,
    backoff: options.backoff ?? { baseMs: 1_000, maxMs: 60_000 },
    random: options.random ?? Math.random,
    now,
    onTransientFailure: options.onTransientFailure,
  })

  return {
    /**
     * Reads the outbox file and sends whatever is not confirmed. Entries that fail the schema are set aside
     * (see persist/documents.ts); the rest go out.
     */
    start(): void {
      store.open()
      const pending = store.book.entries().length
      if (pending > 0) logger.info('outbox replay', { pending })
      pump.start()
    },

    async enqueue(input: { chatId: string; text: string; files: FileToSend[] }): Promise<Message> {
      if (!pump.running()) throw new AppError('internal', 'The outbox is not open.')
      const localId = 'local_' + randomUUID().replace(/-/g, '')
      const files = await copyFiles(options.dir, localId, input.files, logger)
      const entry: OutboxEntry = {
        localId,
        chatId: input.chatId,
        text: input.text,
        idempotencyKey: newIdempotencyKey(),
        files,
        createdAt: new Date(now()).toISOString(),
        state: 'queued',
        failure: null,
        attempts: 0,
      }
      store.add(entry)
      pump.schedule()
      return store.toMessage(entry)
    },

    /** Queued, sending and failed messages of a chat, oldest first. */
    pending: (chatId: string): Message[] =>
      store.book
        .entries()
        .filter((e) => e.chatId === chatId)
        .map(store.toMessage),
    all: (): readonly OutboxEntry[] => store.book.entries(),

    retry(localId: string): void {
      const entry = store.find(localId)
      if (entry.state !== 'failed') return
      entry.state = 'queued'
      entry.failure = null
      store.book.changed(entry)
      pump.pump()
    },

    async discard(localId: string): Promise<void> {
      const entry = store.find(localId)
      const flight = pump.flight(entry.chatId, localId)
      if (flight) {
        flight.controller.abort()
        await flight.done
      }
      await store.remove(entry)
      options.onRemoved(entry.chatId, localId)
      pump.pump()
    },

    cancel(localId: string): void {
      const entry = store.find(localId)
      const flight = pump.flight(entry.chatId, localId)
      if (flight) flight.controller.abort()
      else if (entry.state === 'queued') {
        entry.state = 'failed'
        entry.failure = { message: 'Sending was cancelled.', retryable: true }
        store.book.changed(entry)
      }
    },

    /** The network is back (or the user asked): retry waiting sends now instead of after their backoff. */
    nudge: (): void => pump.nudge(),
    /** Resolves when nothing is queued or in flight (failed messages wait for the user). */
    idle: (): Promise<void> => pump.idle(),

    file(localId: string, index: number): OutboxFile | null {
      return store.book.entries().find((e) => e.localId === localId)?.files[index] ?? null
    },

    /** Stops sending; what is in flight is abandoned and goes again, with the same key, at the next start. */
    async stop(): Promise<void> {
      await pump.stop()
      for (const entry of store.book.entries()) if (entry.state === 'sending') entry.state = 'queued'
      if (store.opened()) store.persist()
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>
