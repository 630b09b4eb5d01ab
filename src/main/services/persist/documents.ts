// Reading back what the app wrote: every persisted document (outbox, settings, cache, drafts, window state)
// is read here before it is trusted. A file that is not a JSON object of a known version is moved aside
// whole; entries that fail their schema are written to a side file beside it. Nothing is deleted, so a
// damaged file can still be inspected, and the caller hears about it (a DamageReport) to tell the user.
// Log lines name the file, the count and the schema issue's path and code, never a value (message text,
// a token or a phone number may be in it).
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import type { StoreEngine, StoreFile } from '../cache/engine'
import type { Logger } from '../log'
import { errorMessage } from '../../../shared/error-message'
import { passesAsIs } from './precheck'

/** What a saved document holds, which decides what the user is told when it is damaged (notices.ts). */
export type DocumentKind =
  | 'outbox'
  | 'settings'
  /** The remembered workspace, or the token that reopens it. */
  | 'workspace'
  /** A chat's cached messages (sync fetches them again). */
  | 'cache'
  /** The cache's index: chats, sync state and drafts. */
  | 'cache-index'
  | 'drafts'
  | 'window'
  /** Which chats' notifications are muted. */
  | 'mutes'
  /** Conversations: new chats waiting to be created (their first message). */
  | 'new-chats'
  /** Conversations: the workspace's contacts (fetched again from Linq). */
  | 'contacts'
  /** Team relay (issue 21): which relay events this device has applied. */
  | 'relay-applied'

export interface DamageReport {
  document: DocumentKind
  /** Entries set aside; 0 when the whole file was (then `whole` is true). */
  entries: number
  whole: boolean
  /** Where the damaged file or the rejected entries were put. */
  aside: string | null
}

export type OnDamage = (report: DamageReport) => void

export interface OpenOptions {
  engine: StoreEngine
  cwd: string
  /** File name without .json; may contain a subfolder (e.g. `chats/123`). */
  name: string
  version: number
  /** Upgrades from older versions, one step each; version 0 is a document without schemaVersion. */
  migrations?: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>
  document: DocumentKind
  logger: Logger
  onDamage?: OnDamage
}

export interface OpenedDocument {
  file: StoreFile
  /** The document at the current version, or null when there was none (or it was moved aside). */
  doc: Record<string, unknown> | null
}

// A sequence too: one file can set entries aside twice in a millisecond (a list page's chats, then its sync
// state), and the side file is created exclusively, so the second would otherwise be lost.
let sequence = 0
const stamp = () => `${Date.now()}-${process.pid}-${sequence++}`

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Renames a damaged file to `<file>.corrupt-<time>`; returns where it went (null if it could not move). */
export function moveAside(
  path: string,
  logger: Logger,
  fields: { document: DocumentKind; file: string; reason: string },
): string | null {
  const aside = `${path}.corrupt-${stamp()}`
  try {
    renameSync(path, aside)
    logger.warn(`${fields.document} file unreadable; moved aside`, { ...fields, aside })
    return aside
  } catch (error) {
    logger.error(`${fields.document} file unreadable and could not be moved aside`, {
      ...fields,
      error: errorMessage(error),
    })
    return null
  }
}

/**
 * The engine's file for `<cwd>/<name>.json`, opened on its first read or write: the engine reads the file
 * when it opens it, and openDocument has just read it, so opening it at once would read every file twice.
 */
export function lazyFile(engine: StoreEngine, cwd: string, name: string): StoreFile {
  let opened: StoreFile | null = null
  const file = () => (opened ??= engine({ cwd, name }))
  return {
    path: join(cwd, name + '.json'),
    read: () => file().read(),
    write: (value) => file().write(value),
  }
}

/** Reads and checks `<cwd>/<name>.json` before the engine opens it; see the file comment. */
export function openDocument(options: OpenOptions): OpenedDocument {
  const { logger, document, name } = options
  const file = lazyFile(options.engine, options.cwd, name)
  const { path } = file
  const reject = (reason: string): OpenedDocument => {
    const aside = moveAside(path, logger, { document, file: name, reason })
    options.onDamage?.({ document, entries: 0, whole: true, aside })
    return { file, doc: null }
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, doc: null }
    return reject(`unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return reject(text.length === 0 ? 'empty file' : 'not valid JSON')
  }
  if (!isPlainObject(raw)) return reject('not a JSON object')
  let version = raw.schemaVersion === undefined ? 0 : raw.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version))
    return reject('schemaVersion is not a number')
  let doc = raw
  while (version < options.version) {
    const step = options.migrations?.[version]
    if (!step) break
    doc = step(doc)
    version++
  }
  // Written by a newer app (after a downgrade) or an unknown layout: kept for the newer app.
  if (version !== options.version) return reject(`schema version ${String(raw.schemaVersion)}`)
  return { file, doc }
}

/** For documents whose first layout had no schemaVersion and the same fields as version 1. */
export const UNVERSIONED_IS_V1: NonNullable<OpenOptions['migrations']> = {
  0: (doc) => ({ ...doc, schemaVersion: 1 }),
}

/**
 * Splits entries into those the schema accepts and those it does not (with the first issue, for the log).
 * An entry the schema takes as it is (precheck.ts) is kept without zod's copy.
 */
export function splitValid<S extends z.ZodType>(
  items: readonly unknown[],
  schema: S,
): { valid: z.output<S>[]; invalid: { item: unknown; issue: string }[] } {
  const valid: z.output<S>[] = []
  const invalid: { item: unknown; issue: string }[] = []
  for (const item of items) {
    if (passesAsIs(schema, item)) {
      valid.push(item as z.output<S>)
      continue
    }
    const parsed = schema.safeParse(item)
    if (parsed.success) valid.push(parsed.data)
    else {
      const first = parsed.error.issues[0]
      invalid.push({ item, issue: `${first?.path.join('.') || '(root)'}: ${first?.code ?? 'invalid'}` })
    }
  }
  return { valid, invalid }
}

/**
 * One stored value checked against its schema: the value, or `fallback` with the stored one set aside
 * (see setAsideEntries). A missing value is simply the fallback.
 */
export function validOr<S extends z.ZodType>(
  value: unknown,
  schema: S,
  fallback: z.output<S>,
  aside: { path: string; document: DocumentKind; logger: Logger; onDamage?: OnDamage },
): z.output<S> {
  if (value === undefined) return fallback
  const { valid, invalid } = splitValid([value], schema)
  setAsideEntries({ ...aside, entries: invalid })
  return valid.length > 0 ? (valid[0] as z.output<S>) : fallback
}

/**
 * Writes rejected entries beside their document (`<file>.rejected-<time>.json`, owner-only) so they are
 * kept, logs them without their content and reports them. Returns the side file's path.
 */
export function setAsideEntries(options: {
  path: string
  entries: readonly { item: unknown; issue: string }[]
  document: DocumentKind
  logger: Logger
  onDamage?: OnDamage
}): string | null {
  const { path, entries, document, logger } = options
  if (entries.length === 0) return null
  const aside = `${path}.rejected-${stamp()}.json`
  let written: string | null = aside
  try {
    writeFileSync(
      aside,
      JSON.stringify(
        entries.map((e) => e.item),
        null,
        2,
      ),
      { mode: 0o600, flag: 'wx' },
    )
  } catch (error) {
    written = null
    logger.error('could not keep entries that failed to load', { document, error: errorMessage(error) })
  }
  logger.warn('saved entries failed their schema; set aside', {
    document,
    count: entries.length,
    issues: [...new Set(entries.map((e) => e.issue))].slice(0, 5).join('; '),
    aside: written ?? undefined,
  })
  options.onDamage?.({ document, entries: entries.length, whole: false, aside: written })
  return written
}
