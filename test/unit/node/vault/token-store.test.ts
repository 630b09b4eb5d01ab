import { randomUUID } from 'node:crypto'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../../../src/main/services/log'
import { createConfKeyValue } from '../../../../src/main/services/vault/conf-key-value'
import { createKeytarVault } from '../../../../src/main/services/vault/keytar-vault'
import { createNodeEncryptor } from '../../../../src/main/services/vault/node-encryptor'
import { openSafeStorageVault } from '../../../../src/main/services/vault/safe-storage-vault'
import { createTokenStore } from '../../../../src/main/services/vault/token-store'
import type { Vault } from '../../../../src/main/services/vault/types'
import { describeWhen, keyringReady, NO_KEYRING_REASON, tempDir, TOKEN } from './support'

const root = tempDir('linq-token-store-')
let n = 0

/**
 * One "installation": its safeStorage files and a log that keeps every line. The keychain is unusable unless
 * one is given: keytar loaded from a file that is not a native module, a real failure of the real vault.
 */
function install(options: { backendName?: string; encryption?: boolean; keychain?: Vault } = {}) {
  const dir = join(root(), `install-${++n}`)
  const broken = join(root(), 'broken-keytar.node')
  if (!existsSync(broken)) writeFileSync(broken, 'not a shared object')
  const lines: string[] = []
  const safeStorage = () => {
    const encryptor = createNodeEncryptor({
      keyFile: join(dir, 'vault.key'),
      backendName: options.backendName,
    })
    const available =
      options.encryption === false ? { ...encryptor, isEncryptionAvailable: () => false } : encryptor
    return openSafeStorageVault(available, createConfKeyValue({ cwd: dir, name: 'tokens' }))
  }
  const keychain = options.keychain ?? createKeytarVault({ module: broken })
  const logger = createLogger({ console: false, level: 'debug', sink: (line) => lines.push(line) })
  /** A new run of the app: same files, fresh memory. */
  const start = () => createTokenStore({ keychain, safeStorage, logger })
  return { dir, lines, logger, safeStorage, keychain, start }
}

describe('token store when the keychain is unavailable', () => {
  it('offers the fallback and stores nothing until the user chooses', async () => {
    const { dir, start } = install()
    const store = start()
    expect(await store.save('ws_a', TOKEN)).toEqual({
      stored: null,
      fallback: {
        keychainError: 'The keychain support of Linq Desktop could not be loaded on this system.',
        safeStorage: { available: true, backend: 'basic_text', isWeak: true },
      },
    })
    expect(await store.load('ws_a')).toBeNull()
    expect(existsSync(join(dir, 'tokens.json'))).toBe(false)
  })

  it('weak encryption needs an explicit yes; with it the token survives a restart', async () => {
    const { start, safeStorage } = install()
    const store = start()
    const refused = await store
      .saveWithFallback('ws_a', TOKEN, 'safe-storage', false)
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({ kind: 'keychain', message: expect.stringMatching(/not real protection/) })
    expect(await safeStorage()!.list()).toEqual([])
    expect(await store.load('ws_a')).toBeNull()

    expect(await store.saveWithFallback('ws_a', TOKEN, 'safe-storage', true)).toBe('safe-storage')
    expect(await store.load('ws_a')).toEqual({ token: TOKEN, storage: 'safe-storage' })
    expect(await start().load('ws_a')).toEqual({ token: TOKEN, storage: 'safe-storage' })
  })

  it('real OS encryption needs no extra consent', async () => {
    const { start } = install({ backendName: 'gnome_libsecret' })
    const store = start()
    expect(await store.save('ws_a', TOKEN)).toMatchObject({
      fallback: { safeStorage: { available: true, backend: 'gnome_libsecret', isWeak: false } },
    })
    expect(await store.saveWithFallback('ws_a', TOKEN, 'safe-storage', false)).toBe('safe-storage')
    expect(await start().load('ws_a')).toEqual({ token: TOKEN, storage: 'safe-storage' })
  })

  it('without encryption: safeStorage is refused, memory lasts for this run only', async () => {
    const { start } = install({ encryption: false })
    const store = start()
    expect(await store.save('ws_a', TOKEN)).toMatchObject({
      fallback: { safeStorage: { available: false, backend: null, isWeak: false } },
    })
    await expect(store.saveWithFallback('ws_a', TOKEN, 'safe-storage', true)).rejects.toMatchObject({
      kind: 'keychain',
      message: expect.stringMatching(/not available on this system/),
    })
    expect(await store.saveWithFallback('ws_a', TOKEN, 'memory', false)).toBe('memory')
    expect(await store.load('ws_a')).toEqual({ token: TOKEN, storage: 'memory' })
    expect(await start().load('ws_a')).toBeNull()
  })

  it('keeps a token in one place: a new choice removes the older copy', async () => {
    const { start, safeStorage } = install()
    const store = start()
    await store.saveWithFallback('ws_a', 'old-token', 'safe-storage', true)
    // Memory now: the old ciphertext must not bring the old token back next run.
    await store.saveWithFallback('ws_a', TOKEN, 'memory', false)
    expect(await safeStorage()!.get('ws_a')).toBeNull()
    expect(await store.load('ws_a')).toEqual({ token: TOKEN, storage: 'memory' })
    // And back to safeStorage: the memory copy goes.
    await store.saveWithFallback('ws_a', `${TOKEN}-2`, 'safe-storage', true)
    expect(await store.load('ws_a')).toEqual({ token: `${TOKEN}-2`, storage: 'safe-storage' })
  })

  it('remove clears every place, workspace by workspace', async () => {
    const { start, safeStorage } = install()
    const store = start()
    await store.saveWithFallback('ws_a', TOKEN, 'safe-storage', true)
    await store.saveWithFallback('ws_b', 'b-token', 'safe-storage', true)
    await store.saveWithFallback('ws_c', 'c-token', 'memory', false)
    await store.remove('ws_a')
    await store.remove('ws_c')
    expect(await store.load('ws_a')).toBeNull()
    expect(await store.load('ws_c')).toBeNull()
    expect(await store.load('ws_b')).toEqual({ token: 'b-token', storage: 'safe-storage' })
    expect(await safeStorage()!.list()).toEqual(['ws_b'])
    await store.remove('ws_never_seen')
  })

  it('rejects an empty token or workspace plainly and stores nothing', async () => {
    const { start } = install()
    const store = start()
    await expect(store.save('ws_a', '')).rejects.toMatchObject({ kind: 'validation' })
    await expect(store.saveWithFallback('', TOKEN, 'memory', false)).rejects.toMatchObject({
      kind: 'validation',
    })
    expect(await store.load('ws_a')).toBeNull()
  })
})

describe('the token never leaves through logs or errors', () => {
  it('no log line or error message carries it, and the logger learns it from every path', async () => {
    const { lines, logger, start } = install()
    const store = start()
    const errors: unknown[] = []
    const keep = (e: unknown) => void errors.push(e)

    await store.save('ws_a', TOKEN)
    await store.saveWithFallback('ws_a', TOKEN, 'safe-storage', false).catch(keep)
    await store.saveWithFallback('ws_a', TOKEN, 'safe-storage', true)
    await store.load('ws_a')
    await store.saveWithFallback('ws_b', `${TOKEN}-b`, 'memory', false)
    await store.remove('ws_a')
    await store.remove('ws_b')
    await store.save('ws_c', '').catch(keep)
    expect(errors).toHaveLength(2)
    for (const error of errors)
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(
        'lq_live',
      )

    expect(lines.length).toBeGreaterThan(5)
    const log = lines.join('\n')
    expect(log).not.toContain(TOKEN)
    // Redaction leaves a mark: its absence shows nothing even tried to log the token.
    expect(log).not.toContain('[redacted]')
    expect(log).toContain('keychain unavailable')
    expect(log).toContain('workspace="ws_a"')

    // save() registered the token, so a careless line elsewhere is still redacted.
    logger.info(`oops ${TOKEN}`)
    expect(lines.at(-1)).toContain('oops [redacted]')
  })

  it('load() registers a token it finds on disk with a fresh logger (a new run)', async () => {
    const first = install()
    await first.start().saveWithFallback('ws_a', TOKEN, 'safe-storage', true)
    const lines: string[] = []
    const logger = createLogger({ console: false, sink: (line) => lines.push(line) })
    const store = createTokenStore({ keychain: first.keychain, safeStorage: first.safeStorage, logger })
    expect(await store.load('ws_a')).toEqual({ token: TOKEN, storage: 'safe-storage' })
    logger.warn(`careless ${TOKEN}`)
    expect(lines.at(-1)).toContain('careless [redacted]')
  })
})

describeWhen(keyringReady, NO_KEYRING_REASON, 'token store with a real keychain', () => {
  const keychain = createKeytarVault({
    service: `linq-desktop-test-store-${process.pid}-${randomUUID().slice(0, 8)}`,
  })
  afterAll(async () => {
    if (!keyringReady) return
    for (const account of await keychain.list()) await keychain.delete(account)
  })

  it('saves to the keychain, drops older fallback copies, loads keychain first, removes from everywhere', async () => {
    const { start, safeStorage, lines } = install({ keychain })
    const store = start()
    // An earlier run had no keychain and kept the token with safeStorage; this run's memory has another.
    await store.saveWithFallback('ws_a', 'older-token', 'safe-storage', true)
    await store.saveWithFallback('ws_b', 'memory-token', 'memory', false)

    expect(await store.save('ws_a', TOKEN)).toEqual({ stored: 'keychain' })
    expect(await store.save('ws_b', `${TOKEN}-b`)).toEqual({ stored: 'keychain' })
    expect(await safeStorage()!.get('ws_a')).toBeNull()
    expect(await keychain.get('ws_a')).toBe(TOKEN)
    expect(await store.load('ws_a')).toEqual({ token: TOKEN, storage: 'keychain' })
    expect(await store.load('ws_b')).toEqual({ token: `${TOKEN}-b`, storage: 'keychain' })
    expect(await start().load('ws_a')).toEqual({ token: TOKEN, storage: 'keychain' })

    await store.remove('ws_a')
    await store.remove('ws_b')
    expect(await keychain.list()).toEqual([])
    expect(await store.load('ws_a')).toBeNull()
    expect(await store.load('ws_b')).toBeNull()
    expect(lines.join('\n')).not.toContain(TOKEN)
    expect(lines.join('\n')).not.toContain('[redacted]')
  })
})
