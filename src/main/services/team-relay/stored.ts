// The team relay setting as app.json keeps it, per workspace: everything but the secret, which is in the
// keychain (settings.ts). Read back through this schema; a bad entry is set aside and the relay is off.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { TeamRelayAuth } from '../../../shared/domain'
import { RELAY_NAME } from '../../../shared/relay-protocol'

export interface StoredTeamRelay {
  url: string
  relayWorkspace: string
  /** Null: this computer's own id (app.json's deviceId). */
  deviceId: string | null
  auth: TeamRelayAuth
  user: string | null
}

export const storedTeamRelaySchema: z.ZodType<StoredTeamRelay> = z.object({
  url: z.string().min(1).max(2048),
  relayWorkspace: z.string().regex(RELAY_NAME),
  deviceId: z.string().regex(RELAY_NAME).nullable(),
  auth: z.enum(['password', 'creds', 'token', 'none']),
  user: z.string().max(256).nullable(),
})

/** Workspace id → its relay setting. */
export const storedTeamRelaysSchema = z.record(z.string().min(1).max(200), storedTeamRelaySchema)

export const deviceIdSchema = z.string().regex(RELAY_NAME)

/** A new computer's id: short, lowercase, and a valid NATS subject token (RELAY_NAME). */
export const newDeviceId = () => `d${randomBytes(6).toString('hex')}`
