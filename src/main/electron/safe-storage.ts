// Electron's safeStorage as the vault's Encryptor. Call after app 'ready': before it, Linux reports no backend.
import { safeStorage } from 'electron'
import type { Encryptor } from '../services/vault/safe-storage-vault'

export function electronEncryptor(): Encryptor {
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    // Only Linux has a choice of backends, one of which ('basic_text') is not real protection.
    backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  }
}
