// The durable outbox. A message the user sends is written here first (with an idempotency key made once
// for it, and copies of its files in the app's data dir), shown at once as queued, and then sent. The file
// is rewritten on every change, so after a crash or a restart each unconfirmed message is sent again with
// its original key and Linq never holds a duplicate. Per chat, one message is in flight at a time, in the
// order they were written, so a chat's messages land in order.
import { randomUUID } from 'node:crypto'
import { copyFile, mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Attachment, Message, MessageFailure } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import type { StoreEngine, StoreFile } from '../cache/engine'
import type { LinqClient, SendResult } from '../linq-api'
import { LinqApiError, newIdempotencyKey } from '../linq-api'
import type { Logger } from '../log'

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

/** A file to send: where it is now; the outbox copies it before enqueue returns. */
export interface FileToSend {
  name: string
  mimeType: string
  sizeBytes: number
  path: string
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
  onTransientFailure?(error: LinqApiError | Error, nextAttemptAt: number): void
  /** Retry backoff after the client itself gave up on a transient failure. */
  backoff?: { baseMs: number; maxMs: number }
  random?: () => number
  now?: () => number
}

const FILE_NAME = 'outbox'

function isPermanent(error: unknown): boolean {
  if (error instanceof LinqApiError) {
    if (error.kind === 'invalid-file') return true
    if (error.kind === 'http') return !error.retryable
    if (error.kind === 'bad-response') return !error.retryable
    return false
  }
  return false
}

function failureOf(error: unknown): MessageFailure {
  if (error instanceof LinqApiError) {
    const ipc = error.toIpc()
    return { message: ipc.message, retryable: true }
  }
  return { message: 'The message could not be sent.', retryable: true }
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

  const persist = () => {
    file?.write({ schemaVersion: 1, entries })
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
    options.onChange(toMessage(entry))
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
      const done = send(entry, controller).finally(() => {
        inFlight.delete(chatId)
        pump()
        notifyIdle()
      })
      inFlight.set(chatId, { localId: entry.localId, controller, done })
    }
    notifyIdle()
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
          attachments: entry.files.map((f) => ({ path: f.path, filename: f.name, mimeType: f.mimeType })),
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
      if (isPermanent(error)) {
        entry.state = 'failed'
        entry.failure = failureOf(error)
        logger.warn('send refused', {
          chat: entry.chatId,
          localId: entry.localId,
          error: error instanceof Error ? error.message : String(error),
        })
        changed(entry)
        return
      }
      const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(entry.attempts - 1, 16))
      const retryAfter = error instanceof LinqApiError ? (error.retryAfterMs ?? 0) : 0
      const delay = Math.max(retryAfter, step * (0.5 + random() / 2))
      entry.state = 'queued'
      changed(entry)
      options.onTransientFailure?.(error instanceof Error ? error : new Error(String(error)), now() + delay)
      retryTimers.set(
        entry.chatId,
        setTimeout(() => {
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
    /** Reads the outbox file and sends whatever is not confirmed. */
    start(): void {
      file = options.engine({ cwd: dir, name: FILE_NAME })
      let stored: unknown
      try {
        stored = file.read().entries
      } catch (error) {
        // An unreadable outbox is kept for inspection, never overwritten: it may hold unsent messages.
        logger.error('outbox unreadable; starting a new one beside it', {
          error: error instanceof Error ? error.message : String(error),
        })
        file = options.engine({ cwd: dir, name: `${FILE_NAME}-${Date.now()}` })
        stored = []
      }
      entries = Array.isArray(stored) ? (stored as OutboxEntry[]) : []
      for (const entry of entries) {
        // Interrupted mid-send: Linq may or may not have it; the same key makes sending again safe.
        if (entry.state === 'sending') entry.state = 'queued'
      }
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
          const copy = join(folder, `${index}`)
          await copyFile(f.path, copy)
          const { size } = await stat(copy)
          files.push({ name: f.name, mimeType: f.mimeType, sizeBytes: size, path: copy })
        }
      } catch (error) {
        await rm(folder, { recursive: true, force: true })
        logger.warn('could not copy a file into the outbox', {
          error: error instanceof Error ? error.message : String(error),
        })
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
      queueMicrotask(pump)
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
