// Used only when the keychain is unavailable AND the user chose it: the token encrypted by the OS (Electron
// safeStorage) and the ciphertext kept in the app's store. On Linux without a keyring safeStorage falls back to
// 'basic_text', a fixed key that is not real protection; the UI says so and asks for an explicit yes.
import { AppError } from '../../../shared/errors'
import { assertAccount, assertSecret, type Vault } from './types'

/** What the vault needs from Electron's safeStorage (src/main/electron/safe-storage.ts) or its Node twin. */
export interface Encryptor {
  isEncryptionAvailable(): boolean
  /** Linux: 'basic_text' | 'gnome_libsecret' | 'kwallet…' | 'unknown'; null where the OS has one real backend. */
  backend(): string | null
  encrypt(plain: string): Buffer
  decrypt(cipher: Buffer): string
}

/** The few store operations the vault uses: electron-store in Electron, `conf` in Node (conf-key-value.ts). */
export interface KeyValue {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}

export interface SafeStorageVault extends Vault {
  readonly kind: 'safe-storage'
  readonly backend: string | null
  /** True when the "encryption" is not real protection (Linux basic_text): storing needs the user's yes. */
  readonly isWeak: boolean
}

/** The store key holding { [workspaceId]: base64 ciphertext }. No dots, so electron-store takes it literally. */
export const SAFE_STORAGE_KEY = 'safeStorageTokens'

export const isWeakBackend = (backend: string | null): boolean => backend === 'basic_text'

const UNAVAILABLE = 'Encrypted storage is not available on this system.'

/** Throws (AppError 'keychain') when the OS offers no encryption: there is then nothing to store safely. */
export function createSafeStorageVault(encryptor: Encryptor, store: KeyValue): SafeStorageVault {
  if (!encryptor.isEncryptionAvailable()) throw new AppError('keychain', UNAVAILABLE)
  const backend = encryptor.backend()

  const read = (): Record<string, string> => {
    let value: unknown
    try {
      value = store.get(SAFE_STORAGE_KEY)
    } catch {
      throw new AppError('keychain', 'The file that holds the encrypted token could not be read.')
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
    return Object.fromEntries(
      Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    )
  }
  const write = (tokens: Record<string, string>): void => {
    try {
      if (Object.keys(tokens).length === 0) store.delete(SAFE_STORAGE_KEY)
      else store.set(SAFE_STORAGE_KEY, tokens)
    } catch {
      throw new AppError(
        'keychain',
        'The encrypted token could not be saved: its file could not be written.',
        true,
      )
    }
  }

  return {
    kind: 'safe-storage',
    backend,
    isWeak: isWeakBackend(backend),
    async get(account) {
      assertAccount(account)
      const tokens = read()
      if (!Object.hasOwn(tokens, account)) return null
      try {
        return encryptor.decrypt(Buffer.from(tokens[account]!, 'base64'))
      } catch {
        throw new AppError(
          'keychain',
          'The saved token could not be decrypted on this system. Please sign in again.',
        )
      }
    },
    async set(account, secret) {
      assertAccount(account)
      assertSecret(secret)
      let cipher: string
      try {
        cipher = encryptor.encrypt(secret).toString('base64')
      } catch {
        throw new AppError('keychain', 'The token could not be encrypted on this system.')
      }
      write({ ...read(), [account]: cipher })
    },
    async delete(account) {
      assertAccount(account)
      const tokens = read()
      if (!Object.hasOwn(tokens, account)) return false
      write(Object.fromEntries(Object.entries(tokens).filter(([key]) => key !== account)))
      return true
    },
    list: async () => Object.keys(read()),
  }
}

/** For the token store's `safeStorage` option: the vault, or null when the OS offers no encryption now. */
export function openSafeStorageVault(encryptor: Encryptor, store: KeyValue): SafeStorageVault | null {
  return encryptor.isEncryptionAvailable() ? createSafeStorageVault(encryptor, store) : null
}
