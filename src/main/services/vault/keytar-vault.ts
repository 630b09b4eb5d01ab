// The default vault: the OS keychain through keytar (macOS Keychain, Windows Credential Manager, the Secret
// Service on Linux). keytar is a native CommonJS module, kept external by the main bundle and loaded on first
// use, so a missing or broken build is a clear "keychain unavailable" at sign-in, not a crash at start.
import { createRequire } from 'node:module'
import {
  assertAccount,
  assertSecret,
  VaultUnavailableError,
  type Vault,
  type VaultUnavailableReason,
} from './types'
import { errorMessage } from '../../../shared/error-message'

export const KEYCHAIN_SERVICE = 'linq-desktop'

/** Written and deleted by probe(); never listed. */
const PROBE_ACCOUNT = '__linq-desktop-probe__'

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<{ account: string; password: string }[]>
}

export interface KeytarVault extends Vault {
  readonly kind: 'keychain'
  /**
   * Resolves when the keychain can store and read a secret, rejects with VaultUnavailableError otherwise, so
   * the UI can tell before sign-in. It writes a throwaway entry because reads succeed where writes fail: a
   * Secret Service with no default keyring, or a locked one that cannot prompt, answers every read with
   * "nothing there".
   */
  probe(): Promise<void>
}

export interface KeytarVaultOptions {
  /** Keychain service name; tests use their own so they never touch the app's entries. */
  service?: string
  /** Module to load instead of 'keytar' (a path or package name). */
  module?: string
}

/** Sorts keytar's (libsecret's, Security.framework's, Windows') error texts into what the user is told. */
export function keychainFailureReason(message: string): VaultUnavailableReason {
  if (
    /autolaunch|DBUS_SESSION_BUS_ADDRESS|dbus-launch|org\.freedesktop\.secrets|was not provided by any|Secret Service|Could not connect|Failed to connect|Timeout was reached/i.test(
      message,
    )
  ) {
    return 'no-secret-service'
  }
  if (/cancel|dismiss|denied|not permitted|passphrase you entered is not correct/i.test(message)) {
    return 'refused'
  }
  if (
    /locked|unlock|interaction is not allowed|collection\/login|No keychain|default keychain/i.test(message)
  ) {
    return 'locked'
  }
  return 'unknown'
}

export function createKeytarVault(options: KeytarVaultOptions = {}): KeytarVault {
  const service = options.service ?? KEYCHAIN_SERVICE
  const moduleId = options.module ?? 'keytar'
  let keytar: Keytar | null = null

  const load = (): Keytar => {
    if (keytar) return keytar
    try {
      keytar = createRequire(import.meta.url)(moduleId) as Keytar
      return keytar
    } catch (error) {
      throw new VaultUnavailableError('module', errorMessage(error))
    }
  }

  // Every keytar error becomes a VaultUnavailableError whose message is built from its reason, never from the
  // original text; the original goes to `detail` with the secret cut out, in case a backend echoed it.
  const use = async <T>(run: (k: Keytar) => Promise<T>, secret?: string): Promise<T> => {
    const k = load()
    try {
      return await run(k)
    } catch (error) {
      const text = errorMessage(error)
      const detail = secret ? text.split(secret).join('[redacted]') : text
      throw new VaultUnavailableError(keychainFailureReason(text), detail)
    }
  }

  const writeProbe = async (k: Keytar): Promise<void> => {
    const marker = `probe-${Date.now()}`
    await k.setPassword(service, PROBE_ACCOUNT, marker)
    const read = await k.getPassword(service, PROBE_ACCOUNT)
    await k.deletePassword(service, PROBE_ACCOUNT)
    if (read !== marker) throw new Error('the keychain did not return what was just stored')
  }

  return {
    kind: 'keychain',
    get: async (account) => {
      assertAccount(account)
      return use((k) => k.getPassword(service, account))
    },
    set: async (account, secret) => {
      assertAccount(account)
      assertSecret(secret)
      return use((k) => k.setPassword(service, account, secret), secret)
    },
    delete: async (account) => {
      assertAccount(account)
      return use((k) => k.deletePassword(service, account))
    },
    list: () =>
      use(async (k) => {
        // libsecret hands keytar's findCredentials items without secrets when the keyring is locked and cannot
        // be unlocked, and keytar then crashes the whole process (SIGSEGV in secret_value_get_text). A write
        // fails cleanly in that state, so prove the keyring is writable first.
        if (process.platform === 'linux') await writeProbe(k)
        return (await k.findCredentials(service))
          .map((c) => c.account)
          .filter((account) => account !== PROBE_ACCOUNT)
      }),
    probe: () => use(writeProbe),
  }
}
