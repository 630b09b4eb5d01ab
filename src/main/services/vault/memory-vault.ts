import { assertAccount, assertSecret, type Vault } from './types'

/** For this run only: the token is gone when the app quits. */
export function createMemoryVault(): Vault {
  const secrets = new Map<string, string>()
  return {
    kind: 'memory',
    get: async (account) => {
      assertAccount(account)
      return secrets.get(account) ?? null
    },
    set: async (account, secret) => {
      assertAccount(account)
      assertSecret(secret)
      secrets.set(account, secret)
    },
    delete: async (account) => {
      assertAccount(account)
      return secrets.delete(account)
    },
    list: async () => [...secrets.keys()],
  }
}
