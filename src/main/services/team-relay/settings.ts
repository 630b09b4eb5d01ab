// The team relay setting of one workspace: the address, the relay's workspace name and this device's id in
// app.json (stored.ts), the secret (a password, a token or a .creds file) in the OS keychain, under the
// workspace's id in a keychain service of its own. The renderer sends the secret once, with the setting;
// no channel gives it back, and the logger redacts it from the moment main sees it.
import { invokeContract, type TeamRelayCredentials, type TeamRelayInput } from '../../../shared/contract'
import type { TeamRelaySettingView } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import type { AppSettings } from '../app-file'
import type { Logger } from '../log'
import type { Vault } from '../vault/types'

export interface LoadedTeamRelay {
  view: TeamRelaySettingView
  credentials: TeamRelayCredentials
}

export interface TeamRelaySettings {
  /** This computer's own id: the device name unless the setting names another. */
  deviceId(): string
  view(): TeamRelaySettingView | null
  /** The setting and its secret; null when none is set. Throws when the keychain cannot give the secret. */
  load(): Promise<LoadedTeamRelay | null>
  save(input: TeamRelayInput): Promise<TeamRelaySettingView>
  clear(): Promise<void>
}

/** The keychain service relay secrets are kept under, apart from the workspaces' tokens. */
export const RELAY_KEYCHAIN_SERVICE = 'linq-desktop-team-relay'

const credentialsSchema = invokeContract.setTeamRelay.input.shape.credentials

const NO_KEYCHAIN =
  'The team relay’s password can only be kept in the system keychain, and this computer has none available.'
const SECRET_LOST = 'The team relay’s password is no longer in the keychain: enter it again in Settings.'

/** What the logger must never print, from credentials. */
function secretsOf(credentials: TeamRelayCredentials): string[] {
  if (credentials.kind === 'password') return [credentials.password]
  if (credentials.kind === 'token') return [credentials.token]
  // A .creds file: its JWT and seed lines (not the BEGIN/END markers or the advice around them).
  if (credentials.kind === 'creds')
    return credentials.creds.split(/\r?\n/).filter((line) => /^[A-Za-z0-9_.=-]{20,}$/.test(line.trim()))
  return []
}

function parseJson(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text)
  } catch {
    return null
  }
}

export function createTeamRelaySettings(options: {
  workspaceId: string
  app: Pick<AppSettings, 'teamRelays' | 'deviceId'>
  /** The keychain for relay secrets; null where there is none (saving a secret is then refused). */
  vault: Vault | null
  logger: Logger
}): TeamRelaySettings {
  const { workspaceId, app, vault, logger } = options
  const learn = (credentials: TeamRelayCredentials) => {
    for (const secret of secretsOf(credentials)) logger.addSecret(secret.trim())
  }
  const view = (): TeamRelaySettingView | null => {
    const stored = app.teamRelays.get(workspaceId)
    return stored ? { ...stored, deviceId: stored.deviceId ?? app.deviceId() } : null
  }

  return {
    deviceId: () => app.deviceId(),
    view,
    async load() {
      const current = view()
      if (!current) return null
      if (current.auth === 'none') return { view: current, credentials: { kind: 'none' } }
      if (!vault) throw new AppError('keychain', NO_KEYCHAIN)
      const parsed = credentialsSchema.safeParse(parseJson(await vault.get(workspaceId)))
      if (!parsed.success || parsed.data.kind !== current.auth) throw new AppError('keychain', SECRET_LOST)
      learn(parsed.data)
      return { view: current, credentials: parsed.data }
    },
    async save(input) {
      const { credentials } = input
      learn(credentials)
      if (credentials.kind === 'none') await vault?.delete(workspaceId).catch(() => false)
      else {
        if (!vault) throw new AppError('keychain', NO_KEYCHAIN)
        await vault.set(workspaceId, JSON.stringify(credentials))
      }
      app.teamRelays.set(workspaceId, {
        url: input.url,
        relayWorkspace: input.relayWorkspace,
        deviceId: input.deviceId ?? null,
        auth: credentials.kind,
        user: credentials.kind === 'password' ? credentials.user : null,
      })
      logger.info('team relay: setting saved', { workspace: workspaceId, auth: credentials.kind })
      return view()!
    },
    async clear() {
      app.teamRelays.set(workspaceId, null)
      await vault?.delete(workspaceId).catch((error: unknown) => {
        logger.warn('team relay: could not remove the secret from the keychain', { error: String(error) })
      })
      logger.info('team relay: setting cleared', { workspace: workspaceId })
    },
  }
}
