// Which relay events this device has applied, kept in the workspace's folder (relay-applied.json) so that an
// event JetStream delivers again after a restart is not applied twice: a device that dies before its ack
// reaches the server (or a server killed before it stored the ack) gets the event again, and the new process
// must recognise it. The newest few hundred ids are enough: redeliveries come from the unacknowledged tail.
// Read back through persist/id-list.ts; a bad entry is set aside, a damaged file starts an empty log.
import { z } from 'zod'
import type { StoreEngine } from '../cache/engine'
import type { Logger } from '../log'
import type { OnDamage } from '../persist/documents'
import { openIdList } from '../persist/id-list'
import type { AppliedLog } from './relay-consumer'

/** Far more than the consumer's max_ack_pending (256) that can be in flight at once. */
export const APPLIED_KEPT = 600
const eventIdSchema = z.string().regex(/^[\x21-\x7e]{1,128}$/)

export function openAppliedLog(options: {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
}): AppliedLog {
  const ids = openIdList({
    ...options,
    name: 'relay-applied',
    key: 'eventIds',
    document: 'relay-applied',
    schema: eventIdSchema,
    max: APPLIED_KEPT,
  })
  // A write that fails (a full disk) is logged: a redelivery after a restart may then be applied again,
  // which a pull tolerates.
  return { has: (id) => ids.has(id), add: (id) => void ids.set(id, true) }
}
