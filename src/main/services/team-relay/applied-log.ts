// Which relay events this device has applied, kept in the workspace's folder (relay-applied.json) so that an
// event JetStream delivers again after a restart is not applied twice: a device that dies before its ack
// reaches the server (or a server killed before it stored the ack) gets the event again, and the new process
// must recognise it. The newest few hundred ids are enough: redeliveries come from the unacknowledged tail.
// Read back through persist/documents.ts; a bad entry is set aside, a damaged file starts an empty log.
import { z } from 'zod'
import type { StoreEngine } from '../cache/engine'
import type { Logger } from '../log'
import {
  openDocument,
  setAsideEntries,
  splitValid,
  UNVERSIONED_IS_V1,
  type OnDamage,
} from '../persist/documents'
import type { AppliedLog } from './relay-consumer'

const VERSION = 1
/** Far more than the consumer's max_ack_pending (256) that can be in flight at once. */
export const APPLIED_KEPT = 600
const eventIdSchema = z.string().regex(/^[\x21-\x7e]{1,128}$/)

export function openAppliedLog(options: {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
}): AppliedLog {
  const { logger } = options
  const { file, doc } = openDocument({
    engine: options.engine,
    cwd: options.dir,
    name: 'relay-applied',
    version: VERSION,
    migrations: UNVERSIONED_IS_V1,
    document: 'relay-applied',
    logger,
    onDamage: options.onDamage,
  })
  const stored = doc?.eventIds
  const entries: unknown[] = Array.isArray(stored) ? stored : stored === undefined ? [] : [stored]
  const { valid, invalid } = splitValid(entries.slice(-APPLIED_KEPT), eventIdSchema)
  setAsideEntries({
    path: file.path,
    entries: invalid,
    document: 'relay-applied',
    logger,
    onDamage: options.onDamage,
  })
  const ids = new Set<string>(valid)
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.add(id)
      if (ids.size > APPLIED_KEPT) ids.delete(ids.values().next().value!)
      try {
        file.write({ schemaVersion: VERSION, eventIds: [...ids] })
      } catch (error) {
        // A full disk: a redelivery after a restart may be applied again, which a pull tolerates.
        logger.error('team relay: could not save the applied events', { error: String(error) })
      }
    },
  }
}
