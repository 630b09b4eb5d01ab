// A small saved document that is one bounded list of ids (`{ schemaVersion: 1, [key]: [...] }`): which chats
// are muted, which relay events were applied. Read back through openDocument and the id's schema: a bad
// entry is set aside, an unreadable file is moved aside, and the user hears of either (onDamage). Past `max`
// the oldest ids go; every change is written at once.
import type { z } from 'zod'
import type { StoreEngine } from '../cache/engine'
import type { Logger } from '../log'
import { errorMessage } from '../../../shared/error-message'
import {
  openDocument,
  setAsideEntries,
  splitValid,
  UNVERSIONED_IS_V1,
  type DocumentKind,
  type OnDamage,
} from './documents'

const VERSION = 1

export interface SavedIdList {
  has(id: string): boolean
  /** Adds or removes one id and saves; false when nothing changed. */
  set(id: string, present: boolean): boolean
  list(): string[]
}

export function openIdList(options: {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
  /** File name without .json, and the document's key for its list. */
  name: string
  key: string
  document: DocumentKind
  schema: z.ZodType<string>
  max: number
}): SavedIdList {
  const { logger, document, key, max } = options
  const { file, doc } = openDocument({
    engine: options.engine,
    cwd: options.dir,
    name: options.name,
    version: VERSION,
    migrations: UNVERSIONED_IS_V1,
    document,
    logger,
    onDamage: options.onDamage,
  })
  const stored = doc?.[key]
  const entries: unknown[] = Array.isArray(stored) ? stored : stored === undefined ? [] : [stored]
  const { valid, invalid } = splitValid(entries.slice(-max), options.schema)
  setAsideEntries({ path: file.path, entries: invalid, document, logger, onDamage: options.onDamage })
  const ids = new Set<string>(valid)
  const save = () => {
    try {
      file.write({ schemaVersion: VERSION, [key]: [...ids] })
    } catch (error) {
      logger.error(`could not save ${options.name}`, { error: errorMessage(error) })
    }
  }
  return {
    has: (id) => ids.has(id),
    set(id, present) {
      if (ids.has(id) === present) return false
      if (present) ids.add(id)
      else ids.delete(id)
      if (ids.size > max) ids.delete(ids.values().next().value!)
      save()
      return true
    },
    list: () => [...ids],
  }
}
