// What the outbox keeps per message (an entry in outbox.json), how it is read back at start (through
// its schema: entries that fail, or repeat an id, are set aside), and how an entry shows in a thread.
import { z } from 'zod'
import { LIMITS, type Attachment, type Message, type MessageFailure } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import type { StoreEngine, StoreFile } from '../cache/engine'
import { LinqApiError } from '../linq-api/errors'
import type { Logger } from '../log'
import {
  openDocument,
  setAsideEntries,
  splitValid,
  UNVERSIONED_IS_V1,
  type OnDamage,
} from '../persist/documents'

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

const FILE_NAME = 'outbox'
export const SCHEMA_VERSION = 1

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

/** Reads outbox.json: the entries to send, and the file to write them back to. */
export function loadEntries(options: {
  engine: StoreEngine
  dir: string
  logger: Logger
  onDamage?: OnDamage
  filePath(localId: string, index: number): string
}): { file: StoreFile; entries: OutboxEntry[] } {
  const { logger } = options
  const opened = openDocument({
    engine: options.engine,
    cwd: options.dir,
    name: FILE_NAME,
    version: SCHEMA_VERSION,
    // Without schemaVersion: the same layout, written before versions were checked.
    migrations: UNVERSIONED_IS_V1,
    document: 'outbox',
    logger,
    onDamage: options.onDamage,
  })
  const stored = opened.doc?.entries ?? []
  const { valid, invalid } = splitValid(Array.isArray(stored) ? stored : [stored], entrySchema)
  const seen = new Set<string>()
  const entries: OutboxEntry[] = []
  for (const entry of valid) {
    if (seen.has(entry.localId)) {
      invalid.push({ item: entry, issue: 'localId: duplicate' })
      continue
    }
    seen.add(entry.localId)
    const files = entry.files.map((f, i) => ({ ...f, path: options.filePath(entry.localId, i) }))
    // Interrupted mid-send: Linq may or may not have it; the same key makes sending again safe.
    entries.push({ ...entry, files, state: entry.state === 'sending' ? 'queued' : entry.state })
  }
  const file = opened.file
  setAsideEntries({
    path: file.path,
    entries: invalid,
    document: 'outbox',
    logger,
    onDamage: options.onDamage,
  })
  return { file, entries }
}

/** An entry as a message of its thread: queued, sending (with upload progress) or failed. */
export function entryMessage(
  entry: OutboxEntry,
  view: {
    from: string
    progress: { sentBytes: number; totalBytes: number } | null
    fileSrc(localId: string, index: number): string
  },
): Message {
  return {
    id: entry.localId,
    chatId: entry.chatId,
    localId: entry.localId,
    text: entry.text,
    sentAt: entry.createdAt,
    isFromMe: true,
    from: view.from,
    status: entry.state,
    failure: entry.failure,
    upload: entry.state === 'sending' && entry.files.length > 0 ? view.progress : null,
    editedAt: null,
    attachments: entry.files.map((f, i): Attachment => ({
      id: `${entry.localId}-${i}`,
      filename: f.name,
      mimeType: f.mimeType,
      sizeBytes: f.sizeBytes,
      src: view.fileSrc(entry.localId, i),
      remoteUrl: null,
    })),
    reactions: [],
  }
}

/** Offline, rate-limited, Linq down: worth trying again. Refusals and errors before the request left are not. */
export function isTransient(error: unknown): error is LinqApiError {
  return error instanceof LinqApiError && error.kind !== 'invalid-file' && error.retryable
}

/** What the user reads on a message that waits for them. */
export function failureOf(error: unknown): MessageFailure {
  if (error instanceof LinqApiError || error instanceof AppError) {
    return { message: error.toIpc().message, retryable: true }
  }
  return { message: 'The message could not be prepared for sending.', retryable: true }
}
