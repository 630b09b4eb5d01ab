// app.json: the app's own settings and which workspace to reopen at start (never a token), read back
// through persist/documents.ts. A part that fails its schema is set aside and replaced by its default, so a
// damaged file costs the user their settings at most, never the start. openAppSettings keeps them in memory
// for the running app and writes them back on every change.
import { z } from 'zod'
import { errorMessage } from '../../shared/error-message'
import { DEFAULT_SETTINGS, type Settings } from '../../shared/domain'
import type { StoreEngine, StoreFile } from './cache/engine'
import type { Logger } from './log'
import { openDocument, UNVERSIONED_IS_V1, validOr, type OnDamage } from './persist/documents'
import { settingsSchema, workspaceSchema } from './persist/schemas'
import type { RememberedWorkspace } from './session/session'
import {
  deviceIdSchema,
  newDeviceId,
  storedTeamRelaysSchema,
  type StoredTeamRelay,
} from './team-relay/stored'

export const APP_FILE_VERSION = 1

const rememberedSchema = z
  .object({
    workspace: workspaceSchema,
    tokenStorage: z.enum(['keychain', 'safe-storage', 'memory', 'none']).optional(),
  })
  .nullable()

export function readAppFile(options: {
  engine: StoreEngine
  dataDir: string
  logger: Logger
  onDamage: OnDamage
}): {
  file: StoreFile
  settings: Settings
  remembered: RememberedWorkspace | null
  teamRelays: Record<string, StoredTeamRelay>
  deviceId: string | null
} {
  const { logger, onDamage } = options
  const { file, doc } = openDocument({
    engine: options.engine,
    cwd: options.dataDir,
    name: 'app',
    version: APP_FILE_VERSION,
    migrations: UNVERSIONED_IS_V1,
    document: 'settings',
    logger,
    onDamage,
  })
  const aside = { path: file.path, logger, onDamage }
  const stored = doc?.settings
  const settings = validOr(
    // Settings added by a later version are kept as defaults here rather than failing the whole object.
    typeof stored === 'object' && stored !== null ? { ...DEFAULT_SETTINGS, ...stored } : stored,
    settingsSchema,
    DEFAULT_SETTINGS,
    { ...aside, document: 'settings' },
  )
  const remembered = validOr(doc?.remembered, rememberedSchema, null, { ...aside, document: 'workspace' })
  // Team relay (issue 21): the relay setting per workspace (its secret is in the keychain) and this
  // computer's id, which names its durable consumer on the relay's server.
  const teamRelays = validOr(doc?.teamRelays, storedTeamRelaysSchema, {}, { ...aside, document: 'settings' })
  const deviceId = validOr(doc?.deviceId, deviceIdSchema.nullable(), null, { ...aside, document: 'settings' })
  return { file, settings, remembered, teamRelays, deviceId }
}

export interface AppSettings {
  settings(): Settings
  updateSettings(input: Partial<Settings>): Settings
  /** Which workspace to reopen at start (never its token); what the session reads and writes. */
  remembered: { get(): RememberedWorkspace | null; set(value: RememberedWorkspace | null): void }
  /** The team relay setting of each workspace (never its secret). */
  teamRelays: {
    get(workspaceId: string): StoredTeamRelay | null
    set(workspaceId: string, value: StoredTeamRelay | null): void
  }
  /** This computer's id, made once and kept. */
  deviceId(): string
}

/** app.json read once at start, kept in memory, and written whole on every change. */
export function openAppSettings(options: Parameters<typeof readAppFile>[0]): AppSettings {
  const app = readAppFile(options)
  let settings = app.settings
  let remembered = app.remembered
  let teamRelays = app.teamRelays
  let deviceId = app.deviceId
  const write = () => {
    try {
      app.file.write({ schemaVersion: APP_FILE_VERSION, settings, remembered, teamRelays, deviceId })
    } catch (error) {
      // A full disk: the app runs on with what is in memory; the next change tries again.
      options.logger.error('could not save app settings', { error: errorMessage(error) })
    }
  }
  return {
    settings: () => settings,
    updateSettings(input) {
      settings = { ...settings, ...input }
      write()
      return settings
    },
    remembered: {
      get: () => remembered,
      set(value) {
        remembered = value
        write()
      },
    },
    teamRelays: {
      get: (workspaceId) => teamRelays[workspaceId] ?? null,
      set(workspaceId, value) {
        const { [workspaceId]: _old, ...others } = teamRelays
        teamRelays = value ? { ...others, [workspaceId]: value } : others
        write()
      },
    },
    deviceId() {
      if (deviceId === null) {
        deviceId = newDeviceId()
        write()
      }
      return deviceId
    },
  }
}
