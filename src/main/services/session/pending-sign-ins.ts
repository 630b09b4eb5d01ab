// A validated token waiting for the user to choose where to keep it (the keychain was unusable). It stays in
// main's memory only, and only briefly: an abandoned choice must not keep a token around.
import { randomUUID } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import type { Workspace } from '../../../shared/domain'

export interface PendingSignIn {
  workspace: Workspace
  token: string
}

export function createPendingSignIns(ttlMs = 10 * 60_000, now: () => number = Date.now) {
  const pending = new Map<string, PendingSignIn & { expiresAt: number }>()

  const sweep = () => {
    for (const [id, entry] of pending) if (entry.expiresAt <= now()) pending.delete(id)
  }

  return {
    add(entry: PendingSignIn): string {
      sweep()
      const id = randomUUID()
      pending.set(id, { ...entry, expiresAt: now() + ttlMs })
      return id
    },
    /** The entry, left in place: a refused storage choice must not make the user paste the token again. */
    get(id: string): PendingSignIn {
      sweep()
      const entry = pending.get(id)
      if (!entry) throw new AppError('validation', 'That sign-in has expired. Please enter your token again.')
      return { workspace: entry.workspace, token: entry.token }
    },
    /** Done with: the token now lives where the user chose. */
    remove(id: string): void {
      pending.delete(id)
    },
    clear(): void {
      pending.clear()
    },
  }
}
