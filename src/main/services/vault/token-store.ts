// Where a workspace's token goes: the keychain, or, only with the user's explicit choice, safeStorage or memory.
// Never anywhere else and never silently. A token lives in one place at a time: saving it somewhere removes
// older copies from the others, so a stale token cannot come back from a place the user moved away from.
// Logs carry events, workspace ids and reasons only; every token seen is registered with the logger too.
import type { StorageFallback, TokenStorage } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import type { Logger } from '../log'
import { createMemoryVault } from './memory-vault'
import type { SafeStorageVault } from './safe-storage-vault'
import { assertAccount, assertSecret, VaultUnavailableError, type Vault } from './types'
import { errorMessage } from '../../../shared/error-message'

export interface TokenStoreOptions {
  /** The OS keychain (createKeytarVault()). */
  keychain: Vault
  /** The safeStorage vault, or null when the OS offers no encryption (openSafeStorageVault()). */
  safeStorage: () => SafeStorageVault | null
  logger: Logger
}

export type SaveResult = { stored: 'keychain' } | { stored: null; fallback: StorageFallback }
export type FallbackChoice = 'safe-storage' | 'memory'
export type StoredTokenStorage = Exclude<TokenStorage, 'none'>

export interface TokenStore {
  /** Into the keychain; when it is unavailable nothing is stored and the choices are returned instead. */
  save(workspaceId: string, token: string): Promise<SaveResult>
  /** The user's choice after save() returned a fallback. Refuses weak encryption without their explicit yes. */
  saveWithFallback(
    workspaceId: string,
    token: string,
    choice: FallbackChoice,
    acceptWeakEncryption: boolean,
  ): Promise<StoredTokenStorage>
  /**
   * Keychain first, then the safeStorage ciphertext, then memory; null when none has it. A keychain that is
   * locked and not unlocked counts as empty (libsecret answers reads that way too).
   */
  load(workspaceId: string): Promise<{ token: string; storage: StoredTokenStorage } | null>
  /** From every place. */
  remove(workspaceId: string): Promise<void>
}

const SAFE_STORAGE_UNAVAILABLE =
  'Encrypted storage is not available on this system, so the token can only be kept in memory until you quit.'
const WEAK_NOT_ACCEPTED =
  'On this computer the encrypted storage uses a fixed, built-in key (the basic_text backend), which is not real ' +
  'protection: anyone who can read your files can read the token. Confirm that you accept this, or keep the ' +
  'token in memory until you quit.'

export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const { keychain, logger } = options
  const memory = createMemoryVault()

  const learn = (workspaceId: string, token: string): void => {
    assertAccount(workspaceId)
    assertSecret(token)
    logger.addSecret(token)
  }

  // A failure to clean an old copy must not undo a save that succeeded: it is logged, and remove() retries.
  const dropFrom = async (vault: Vault | null, workspaceId: string): Promise<void> => {
    if (!vault) return
    try {
      if (await vault.delete(workspaceId)) {
        logger.info('older token copy removed', { workspace: workspaceId, from: vault.kind })
      }
    } catch (error) {
      logger.warn('could not remove an older token copy', {
        workspace: workspaceId,
        from: vault.kind,
        ...why(error),
      })
    }
  }

  return {
    async save(workspaceId, token) {
      learn(workspaceId, token)
      try {
        await keychain.set(workspaceId, token)
      } catch (error) {
        if (!(error instanceof VaultUnavailableError)) throw error
        logger.warn('keychain unavailable; asking where to keep the token', {
          workspace: workspaceId,
          ...why(error),
        })
        const safe = options.safeStorage()
        return {
          stored: null,
          fallback: {
            keychainError: error.message,
            safeStorage: {
              available: safe !== null,
              backend: safe?.backend ?? null,
              isWeak: safe?.isWeak ?? false,
            },
          },
        }
      }
      logger.info('token stored', { workspace: workspaceId, storage: 'keychain' })
      await dropFrom(options.safeStorage(), workspaceId)
      await dropFrom(memory, workspaceId)
      return { stored: 'keychain' }
    },

    async saveWithFallback(workspaceId, token, choice, acceptWeakEncryption) {
      learn(workspaceId, token)
      const safe = options.safeStorage()
      if (choice === 'memory') {
        await memory.set(workspaceId, token)
        logger.info('token stored', { workspace: workspaceId, storage: 'memory' })
        // Memory was the choice: an older ciphertext must not bring a token back on the next run.
        await dropFrom(safe, workspaceId)
        return 'memory'
      }
      if (!safe) throw new AppError('keychain', SAFE_STORAGE_UNAVAILABLE)
      if (safe.isWeak && !acceptWeakEncryption) throw new AppError('keychain', WEAK_NOT_ACCEPTED)
      await safe.set(workspaceId, token)
      logger.info('token stored', {
        workspace: workspaceId,
        storage: 'safe-storage',
        backend: safe.backend,
        weak: safe.isWeak,
      })
      await dropFrom(memory, workspaceId)
      return 'safe-storage'
    },

    async load(workspaceId) {
      assertAccount(workspaceId)
      const found = async (): Promise<{ token: string; storage: StoredTokenStorage } | null> => {
        try {
          const token = await keychain.get(workspaceId)
          if (token !== null) return { token, storage: 'keychain' }
        } catch (error) {
          if (!(error instanceof VaultUnavailableError)) throw error
          logger.warn('keychain unavailable while loading the token', {
            workspace: workspaceId,
            ...why(error),
          })
        }
        const safe = options.safeStorage()
        const fromSafe = safe ? await safe.get(workspaceId) : null
        if (fromSafe !== null) return { token: fromSafe, storage: 'safe-storage' }
        const fromMemory = await memory.get(workspaceId)
        return fromMemory === null ? null : { token: fromMemory, storage: 'memory' }
      }
      const result = await found()
      if (result) logger.addSecret(result.token)
      logger.info(result ? 'token loaded' : 'no saved token', {
        workspace: workspaceId,
        storage: result?.storage,
      })
      return result
    },

    async remove(workspaceId) {
      assertAccount(workspaceId)
      await memory.delete(workspaceId)
      try {
        await keychain.delete(workspaceId)
      } catch (error) {
        if (!(error instanceof VaultUnavailableError)) throw error
        logger.warn('keychain unavailable; its copy (if any) stays', {
          workspace: workspaceId,
          ...why(error),
        })
      }
      await options.safeStorage()?.delete(workspaceId)
      logger.info('token removed', { workspace: workspaceId })
    },
  }
}

/** Log fields explaining a failure: the user-facing reason and the backend's own words (secret-free). */
function why(error: unknown): { reason: string; detail?: string } {
  if (error instanceof VaultUnavailableError) {
    return { reason: error.reason, detail: error.detail || undefined }
  }
  return { reason: errorMessage(error) }
}
