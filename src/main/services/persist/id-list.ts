// A small saved document that is one bounded list of ids (`{ schemaVersion: 1, [key]: [...] }`): which chats
// are muted, which relay events were applied. A stored list (stored-list.ts) with set operations: past `max`
// the oldest ids go; every change is written at once.
import type { z } from 'zod'
import type { StoreEngine } from '../cache/engine'
import type { Logger } from '../log'
import { UNVERSIONED_IS_V1, type DocumentKind, type OnDamage } from './documents'
import { openStoredList } from './stored-list'

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
  const stored = openStoredList({ ...options, version: 1, migrations: UNVERSIONED_IS_V1 })
  const ids = new Set<string>(stored.items)
  return {
    has: (id) => ids.has(id),
    set(id, present) {
      if (ids.has(id) === present) return false
      if (present) ids.add(id)
      else ids.delete(id)
      if (ids.size > options.max) ids.delete(ids.values().next().value!)
      stored.save([...ids])
      return true
    },
    list: () => [...ids],
  }
}
