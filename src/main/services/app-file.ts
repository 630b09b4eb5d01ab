// app.json: the app's own settings and which workspace to reopen at start (never a token), read back
// through persist/documents.ts. A part that fails its schema is set aside and replaced by its default, so a
// damaged file costs the user their settings at most, never the start.
import { z } from 'zod'
import type { Settings } from '../../shared/domain'
import type { StoreEngine, StoreFile } from './cache/engine'
import type { Logger } from './log'
import { openDocument, setAsideEntries, splitValid, type OnDamage } from './persist/documents'
import { settingsSchema, workspaceSchema } from './persist/schemas'
import type { RememberedWorkspace } from './session/session'

export const APP_FILE_VERSION = 1
export const DEFAULT_SETTINGS: Settings = { notificationsEnabled: true, notificationPreviews: true }

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
}): { file: StoreFile; settings: Settings; remembered: RememberedWorkspace | null } {
  const { logger, onDamage } = options
  const { file, doc } = openDocument({
    engine: options.engine,
    cwd: options.dataDir,
    name: 'app',
    version: APP_FILE_VERSION,
    // Early builds wrote the same fields without a version.
    migrations: { 0: (old) => ({ ...old, schemaVersion: 1 }) },
    document: 'settings',
    logger,
    onDamage,
  })
  /** The stored value when it passes, else its default (the stored one is kept in a side file). */
  const part = <S extends z.ZodType>(
    value: unknown,
    schema: S,
    fallback: z.output<S>,
    kind: 'settings' | 'workspace',
  ) => {
    if (value === undefined) return fallback
    const { valid, invalid } = splitValid([value], schema)
    setAsideEntries({ path: file.path, entries: invalid, document: kind, logger, onDamage })
    return valid.length > 0 ? (valid[0] as z.output<S>) : fallback
  }
  const stored = doc?.settings
  const settings = part(
    // Settings added by a later version are kept as defaults here rather than failing the whole object.
    typeof stored === 'object' && stored !== null ? { ...DEFAULT_SETTINGS, ...stored } : stored,
    settingsSchema,
    DEFAULT_SETTINGS,
    'settings',
  )
  const remembered = part(doc?.remembered, rememberedSchema, null, 'workspace')
  return { file, settings, remembered }
}
