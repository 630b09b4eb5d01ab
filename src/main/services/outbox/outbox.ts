// The durable outbox. A message the user sends is written here first (with an idempotency key made once
// for it, and copies of its files in the app's data dir), shown at once as queued, and then sent. The file
// is rewritten on every change, so after a crash or a restart each unconfirmed message is sent again with
// its original key and Linq never holds a duplicate. Per chat, one message is in flight at a time, in the
// order they were written, so a chat's messages land in order.
import { randomUUID } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { LIMITS, type Attachment, type Message, type MessageFailure } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { backoffDelay } from '../async/backoff'
import { capDelay, delayTimer } from '../async/delay'
import type { StoreEngine, StoreFile } from '../cache/engine'
import type { LinqClient, SendResult } from '../linq-api'
import { LinqApiError, newIdempotencyKey } from '../linq-api'
import type { Logger } from '../log'
import {
  openDocument,
  setAsideEntries,
  splitValid,
  UNVERSIONED_IS_V1,
  type OnDamage,
} from '../persist/documents'
import { errorMessage } from '../../../shared/error-message'

export interface OutboxFile {
  name: string
  mimeType: string
  sizeBytes: number
  /** The outbox's own copy. */
  path: string
}

export interface OutboxEntry {
  localId: string
  chatId: string
  text: string
  idempotencyKey: string
  files: OutboxFile[]
  createdAt: string
  state: 'queued' | 'sending' | 'failed'
  failure: MessageFailure | null
  attempts: number
}

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

const FILE_NAME = 'outbox'
const SCHEMA_VERSION = 1
/** No retry comes back sooner than this, whatever the backoff or Retry-After say. */
export const MIN_RETRY_MS = 250

const LOCAL_ID = /^local_[0-9a-f]{32}$/
/** What outbox.json must hold for an entry to be sent. The file's path is not trusted: it is derived. */
const entrySchema = z.object({
  localId: z.string().regex(LOCAL_ID),
  chatId: z.string().min(1).max(64),
  text: z.string().max(LIMITS.maxTextLength),
  idempotencyKey: z.string().regex(/^[a-zA-Z0-9_-]{1,255}$/),
  files: z
    .array(
      z.object({
        name: z.string().min(1).max(255),
        mimeType: z.string().max(255),
        sizeBytes: z.number().int().nonnegative(),
      }),
    )
    .max(LIMITS.maxFilesPerMessage),
  createdAt: z.iso.datetime({ offset: true }),
  state: z.enum(['queued', 'sending', 'failed']),
  failure: z.object({ message: z.string().max(1000), retryable: z.boolean() }).nullable(),
  attempts: z.number().int().nonnegative(),
})

/** Offline, rate-limited, Linq down: worth trying again. Refusals and errors before the request left are not. */
function isTransient(error: unknown): error is LinqApiError {
  return error instanceof LinqApiError && error.kind !== 'invalid-file' && error.retryable
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error)

function failureOf(error: unknown): MessageFailure {
  if (error instanceof LinqApiError || error instanceof AppError) {
    const ipc = error.toIpc()
    return { message: ipc.message, retryable: true }
  }
  return { message: 'The message could not be prepared for sending.', retryable: true }
}

export function createOutbox(options: OutboxOptions) {
  const { logger, dir } = options
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60_000 }
  let file: StoreFile | null = null
  let entries: OutboxEntry[] = []
  const inFlight = new Map<string, { localId: string; controller: AbortController; done: Promise<void> }>()
  const progress = new Map<string, { sentBytes: number; totalBytes: number }>()
  const retryTimers = new Map<string, NodeJS.Timeout>()
  const idleWaiters = new Set<() => void>()
  let running = false
  let pumpScheduled: NodeJS.Immediate | null = null

  const filePath = (localId: string, index: number) => join(dir, 'files', localId, String(index))

  const persist = () => {
    try {
      file?.write({ schemaVersion: SCHEMA_VERSION, entries })
    } catch (error) {
      // A full disk: the entries are still in memory and go out; the next change writes them again.
      logger.error('could not save the outbox', {
        error: errorMessage(error),
      })
    }
  }

  const toMessage = (entry: OutboxEntry): Message => ({
    id: entry.localId,
    chatId: entry.chatId,
    localId: entry.localId,
    text: entry.text,
    sentAt: entry.createdAt,
    isFromMe: true,
    from: options.senderFor(entry.chatId),
    status: entry.state,
    failure: entry.failure,
    upload:
      entry.state === 'sending' && entry.files.length > 0 ? (progress.get(entry.localId) ?? null) : null,
    editedAt: null,
    attachments: entry.files.map((f, i): Attachment => ({
      id: `${entry.localId}-${i}`,
      filename: f.name,
      mimeType: f.mimeType,
      sizeBytes: f.sizeBytes,
      src: options.fileSrc(entry.localId, i),
      remoteUrl: null,
    })),
    reactions: [],
  })

  const changed = (entry: OutboxEntry) => {
    persist()
    try {
      options.onChange(toMessage(entry))
    } catch (error) {
      logger.error('outbox change listener failed', { error: error instanceof Error ? error.message : '' })
    }
  }

  const removeFiles = (entry: OutboxEntry) =>
    rm(join(dir, 'files', entry.localId), { recursive: true, force: true }).catch(() => undefined)

  const notifyIdle = () => {
    if (inFlight.size > 0 || retryTimers.size > 0 || entries.some((e) => e.state !== 'failed')) return
    for (const resolve of idleWaiters) resolve()
    idleWaiters.clear()
  }

  /** Starts the head of each chat's queue when nothing of that chat is in flight or waiting to retry. */
  const pump = () => {
    if (!running) return
    const heads = new Map<string, OutboxEntry>()
    for (const entry of entries) {
      if (entry.state === 'failed' || heads.has(entry.chatId)) continue
      heads.set(entry.chatId, entry)
    }
    for (const [chatId, entry] of heads) {
      if (inFlight.has(chatId) || retryTimers.has(chatId)) continue
      const controller = new AbortController()
      const done = send(entry, controller)
        .catch((error: unknown) => {
          // Thrown outside the request (a listener, a file step): the entry waits for the user.
          if (entries.includes(entry) && entry.state !== 'failed') fail(entry, error)
        })
        .finally(() => {
          inFlight.delete(chatId)
          schedulePump()
          notifyIdle()
        })
      inFlight.set(chatId, { localId: entry.localId, controller, done })
    }
    notifyIdle()
  }

  /** The next round starts from the event loop, never from the round that just ended: nothing here spins. */
  const schedulePump = () => {
    pumpScheduled ??= setImmediate(() => {
      pumpScheduled = null
      pump()
    })
  }

  /** Refused by Linq, or went wrong before reaching it: no retry can fix that, so it waits for the user. */
  const fail = (entry: OutboxEntry, error: unknown) => {
    entry.state = 'failed'
    entry.failure = failureOf(error)
    logger.warn('send failed', {
      chat: entry.chatId,
      localId: entry.localId,
      // Our own errors' messages are written for users (and redacted); anything else is named only.
      error: error instanceof LinqApiError || error instanceof AppError ? error.message : errorName(error),
    })
    changed(entry)
  }

  const send = async (entry: OutboxEntry, controller: AbortController): Promise<void> => {
    entry.state = 'sending'
    entry.attempts++
    changed(entry)
    let result: SendResult
    try {
      result = await options.client.sendMessage(
        entry.chatId,
        {
          text: entry.text,
          idempotencyKey: entry.idempotencyKey,
          attachments: entry.files.map((f, i) => ({
            path: filePath(entry.localId, i),
            filename: f.name,
            mimeType: f.mimeType,
          })),
        },
        {
          signal: controller.signal,
          onProgress: (p) => {
            progress.set(entry.localId, p)
            options.onChange(toMessage(entry))
          },
        },
      )
    } catch (error) {
      progress.delete(entry.localId)
      if (!running || !entries.includes(entry)) return
      if (controller.signal.aborted) {
        entry.state = 'failed'
        entry.failure = { message: 'Sending was cancelled.', retryable: true }
        changed(entry)
        return
      }
      if (!isTransient(error)) return fail(entry, error)
      const delay = capDelay(
        Math.max(error.retryAfterMs ?? 0, backoffDelay(entry.attempts, backoff, random)),
        {
          minMs: MIN_RETRY_MS,
        },
      )
      entry.state = 'queued'
      changed(entry)
      options.onTransientFailure?.(error, now() + delay)
      retryTimers.set(
        entry.chatId,
        delayTimer(() => {
          retryTimers.delete(entry.chatId)
          pump()
        }, delay),
      )
      return
    }
    progress.delete(entry.localId)
    if (!entries.includes(entry)) return
    try {
      await options.onSent(entry, result)
    } finally {
      entries = entries.filter((e) => e !== entry)
      persist()
      await removeFiles(entry)
    }
  }

  const find = (localId: string): OutboxEntry => {
    const entry = entries.find((e) => e.localId === localId)
    if (!entry) throw new AppError('not-found', 'That message is no longer waiting to be sent.')
    return entry
  }

  return {
    /**
     * Reads the outbox file and sends whatever is not confirmed. Entries that fail the schema are set aside
     * (see persist/documents.ts); the rest go out.
     */
    start(): void {
      const opened = openDocument({
        engine: options.engine,
        cwd: dir,
        name: FILE_NAME,
        version: SCHEMA_VERSION,
        // Without schemaVersion: the same layout, written before versions were checked.
        migrations: UNVERSIONED_IS_V1,
        document: 'outbox',
        logger,
        onDamage: options.onDamage,
      })
      file = opened.file
      const stored = opened.doc?.entries ?? []
      const { valid, invalid } = splitValid(Array.isArray(stored) ? stored : [stored], entrySchema)
      const seen = new Set<string>()
      const loaded: OutboxEntry[] = []
      for (const entry of valid) {
        if (seen.has(entry.localId)) {
          invalid.push({ item: entry, issue: 'localId: duplicate' })
          continue
        }
        seen.add(entry.localId)
        const files = entry.files.map((f, i) => ({ ...f, path: filePath(entry.localId, i) }))
        // Interrupted mid-send: Linq may or may not have it; the same key makes sending again safe.
        loaded.push({ ...entry, files, state: entry.state === 'sending' ? 'queued' : entry.state })
      }
      setAsideEntries({
        path: file.path,
        entries: invalid,
        document: 'outbox',
        logger,
        onDamage: options.onDamage,
      })
      entries = loaded
      persist()
      running = true
      if (entries.length > 0) logger.info('outbox replay', { pending: entries.length })
      pump()
    },

    async enqueue(input: { chatId: string; text: string; files: FileToSend[] }): Promise<Message> {
      if (!running) throw new AppError('internal', 'The outbox is not open.')
      const localId = 'local_' + randomUUID().replace(/-/g, '')
      const folder = join(dir, 'files', localId)
      const files: OutboxFile[] = []
      try {
        for (const [index, f] of input.files.entries()) {
          await mkdir(folder, { recursive: true })
          const copy = filePath(localId, index)
          const size = await f.copyTo(copy)
          files.push({ name: f.name, mimeType: f.mimeType, sizeBytes: size, path: copy })
        }
      } catch (error) {
        await rm(folder, { recursive: true, force: true })
        logger.warn('could not copy a file into the outbox', {
          error: errorMessage(error),
        })
        if (error instanceof AppError) throw error
        throw new AppError('file', 'A file could not be read, so nothing was sent. Add it again and retry.')
      }
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
      entries.push(entry)
      persist()
      const message = toMessage(entry)
      schedulePump()
      return message
    },

    /** Queued, sending and failed messages of a chat, oldest first. */
    pending: (chatId: string): Message[] => entries.filter((e) => e.chatId === chatId).map(toMessage),
    all: (): readonly OutboxEntry[] => entries,

    retry(localId: string): void {
      const entry = find(localId)
      if (entry.state !== 'failed') return
      entry.state = 'queued'
      entry.failure = null
      changed(entry)
      pump()
    },

    async discard(localId: string): Promise<void> {
      const entry = find(localId)
      const flight = inFlight.get(entry.chatId)
      if (flight?.localId === localId) {
        flight.controller.abort()
        await flight.done
      }
      entries = entries.filter((e) => e !== entry)
      persist()
      await removeFiles(entry)
      options.onRemoved(entry.chatId, localId)
      pump()
    },

    cancel(localId: string): void {
      const entry = find(localId)
      const flight = inFlight.get(entry.chatId)
      if (flight?.localId === localId) flight.controller.abort()
      else if (entry.state === 'queued') {
        entry.state = 'failed'
        entry.failure = { message: 'Sending was cancelled.', retryable: true }
        changed(entry)
      }
    },

    /** The network is back (or the user asked): retry waiting sends now instead of after their backoff. */
    nudge(): void {
      for (const timer of retryTimers.values()) clearTimeout(timer)
      retryTimers.clear()
      pump()
    },

    /** Resolves when nothing is queued or in flight (failed messages wait for the user). */
    idle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.add(resolve)
        notifyIdle()
      })
    },

    file(localId: string, index: number): OutboxFile | null {
      return entries.find((e) => e.localId === localId)?.files[index] ?? null
    },

    /** Stops sending; what is in flight is abandoned and goes again, with the same key, at the next start. */
    async stop(): Promise<void> {
      running = false
      if (pumpScheduled) clearImmediate(pumpScheduled)
      pumpScheduled = null
      for (const timer of retryTimers.values()) clearTimeout(timer)
      retryTimers.clear()
      const flights = [...inFlight.values()]
      for (const flight of flights) flight.controller.abort()
      await Promise.all(flights.map((f) => f.done.catch(() => undefined)))
      for (const entry of entries) if (entry.state === 'sending') entry.state = 'queued'
      if (file) persist()
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>
