import { AppError } from '../../../shared/errors'

/** Where a workspace's token is kept. Accounts are workspace ids. */
export interface Vault {
  readonly kind: 'keychain' | 'safe-storage' | 'memory'
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  /** Resolves true when something was there to delete. */
  delete(account: string): Promise<boolean>
  /** The accounts that hold a secret. */
  list(): Promise<string[]>
}

export type VaultUnavailableReason = 'no-secret-service' | 'locked' | 'refused' | 'module' | 'unknown'

const EXPLANATIONS: Record<VaultUnavailableReason, string> = {
  'no-secret-service':
    'No system keychain answered: this computer has no Secret Service running (such as GNOME Keyring or KWallet).',
  locked: 'The system keychain is locked (or has no default keyring) and could not ask you to unlock it.',
  refused: 'The system keychain refused access: the request was denied or cancelled.',
  module: 'The keychain support of Linq Desktop could not be loaded on this system.',
  unknown: 'The system keychain could not be used.',
}

/**
 * The OS keychain cannot be used. The message says why in plain words and is built only from `reason`, so it
 * can never carry the secret; `detail` is the underlying error's text with any secret cut out, for the log.
 */
export class VaultUnavailableError extends AppError {
  readonly reason: VaultUnavailableReason
  readonly detail: string
  constructor(reason: VaultUnavailableReason, detail = '') {
    // Locked or refused can work on a second try (the user unlocks or allows); a missing service cannot.
    super('keychain', EXPLANATIONS[reason], reason === 'locked' || reason === 'refused')
    this.name = 'VaultUnavailableError'
    this.reason = reason
    this.detail = detail
  }
}

// Every vault checks its input the same way, and says so plainly rather than as a storage failure.
export function assertAccount(account: string): void {
  if (typeof account !== 'string' || account === '')
    throw new AppError('validation', 'A workspace id is required.')
}

export function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret === '')
    throw new AppError('validation', 'An empty token cannot be stored.')
}
