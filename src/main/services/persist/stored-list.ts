// A list kept in one JSON document of the workspace's folder (`{ schemaVersion, [key]: [...] }`: new chats
// waiting to be created, contacts, muted chats, applied relay events), read back through documents.ts:
// entries that fail their schema are set aside and the rest load; a file that is not a document of this
// version is moved aside whole. Either way onDamage hears.
import type { z } from 'zod'
import { errorMessage } from '../../../shared/error-message'
import type { StoreEngine } from '../cache/engine'
import type { Logger } from '../log'
import {
  openDocument,
  setAsideEntries,
  splitValid,
  type DocumentKind,
  type OnDamage,
  type OpenOptions,
} from './documents'

export interface StoredList<T> {
  items: T[]
  /** Writes the list; a failure (a full disk) is logged and the next save writes it again. */
  save(items: readonly T[]): void
}

export function openStoredList<S extends z.ZodType>(options: {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
  name: string
  document: DocumentKind
  version: number
  schema: S
  /** At most this many are loaded (the newest); more is damage, not data. */
  max: number
  /** The document's key for its list (default `items`). */
  key?: string
  migrations?: OpenOptions['migrations']
}): StoredList<z.output<S>> {
  const key = options.key ?? 'items'
  const { logger } = options
  const { file, doc } = openDocument({
    engine: options.engine,
    cwd: options.dir,
    name: options.name,
    version: options.version,
    document: options.document,
    migrations: options.migrations,
    logger,
    onDamage: options.onDamage,
  })
  const stored = doc?.[key]
  const entries: unknown[] = Array.isArray(stored) ? stored : stored === undefined ? [] : [stored]
  const { valid, invalid } = splitValid(entries.slice(-options.max), options.schema)
  setAsideEntries({
    path: file.path,
    entries: invalid,
    document: options.document,
    logger,
    onDamage: options.onDamage,
  })
  return {
    items: valid,
    save(items) {
      try {
        file.write({ schemaVersion: options.version, [key]: items })
      } catch (error) {
        logger.error(`could not save ${options.name}`, { error: errorMessage(error) })
      }
    },
  }
}
