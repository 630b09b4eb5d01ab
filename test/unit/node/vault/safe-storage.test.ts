import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createConfKeyValue } from '../../../../src/main/services/vault/conf-key-value'
import { createNodeEncryptor } from '../../../../src/main/services/vault/node-encryptor'
import {
  createSafeStorageVault,
  openSafeStorageVault,
  SAFE_STORAGE_KEY,
} from '../../../../src/main/services/vault/safe-storage-vault'
import { tempDir, TOKEN } from './support'

const root = tempDir('linq-safe-storage-')
let n = 0
/** A fresh data dir per test: the conf file and the key file of one "installation". */
const install = () => {
  const dir = join(root(), `install-${++n}`)
  return {
    dir,
    encryptor: () => createNodeEncryptor({ keyFile: join(dir, 'vault.key') }),
    store: () => createConfKeyValue({ cwd: dir, name: 'tokens' }),
  }
}

describe('the Node encryptor (the safeStorage twin)', () => {
  it('reports basic_text unless told otherwise, keeps its key in a 0600 file, and round-trips unicode', async () => {
    const { dir, encryptor } = install()
    const enc = encryptor()
    expect(enc.isEncryptionAvailable()).toBe(true)
    expect(enc.backend()).toBe('basic_text')
    expect(
      createNodeEncryptor({ keyFile: join(dir, 'x.key'), backendName: 'gnome_libsecret' }).backend(),
    ).toBe('gnome_libsecret')

    const plain = `${TOKEN} ✓ ünïcode 🔑`
    const a = enc.encrypt(plain)
    const b = enc.encrypt(plain)
    expect(a.equals(b)).toBe(false) // a fresh IV each time
    expect(a.toString('latin1')).not.toContain(TOKEN)
    expect(enc.decrypt(a)).toBe(plain)
    expect((await stat(join(dir, 'vault.key'))).mode & 0o777).toBe(0o600)
    // Another run of the app reads the same key.
    expect(encryptor().decrypt(b)).toBe(plain)
  })

  it('refuses tampered or foreign ciphertext, and says plainly when the key file is damaged', async () => {
    const { dir, encryptor } = install()
    const cipher = encryptor().encrypt(TOKEN)
    const tampered = Buffer.from(cipher)
    tampered[tampered.length - 1]! ^= 1
    expect(() => encryptor().decrypt(tampered)).toThrow()
    expect(() => encryptor().decrypt(Buffer.from('short'))).toThrow()
    expect(() => createNodeEncryptor({ keyFile: join(dir, 'other.key') }).decrypt(cipher)).toThrow()

    await writeFile(join(dir, 'vault.key'), 'too short')
    expect(() => encryptor().encrypt(TOKEN)).toThrow(/encryption key file is damaged/)
  })
})

describe('the safeStorage vault on real conf files', () => {
  it('round-trips several accounts, survives a restart, and keeps no plaintext on disk', async () => {
    const { dir, encryptor, store } = install()
    const vault = createSafeStorageVault(encryptor(), store())
    expect(vault).toMatchObject({ kind: 'safe-storage', backend: 'basic_text', isWeak: true })
    expect(await vault.get('ws_one')).toBeNull()
    await vault.set('ws_one', TOKEN)
    await vault.set('ws_two', 'zweites Token ✓')
    await vault.set('ws.with.dots', 'dotted')
    await vault.set('ws_one', `${TOKEN}-v2`)

    const restarted = createSafeStorageVault(encryptor(), store())
    expect(await restarted.get('ws_one')).toBe(`${TOKEN}-v2`)
    expect(await restarted.get('ws_two')).toBe('zweites Token ✓')
    expect(await restarted.get('ws.with.dots')).toBe('dotted')
    expect((await restarted.list()).sort()).toEqual(['ws.with.dots', 'ws_one', 'ws_two'])

    const file = join(dir, 'tokens.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, string>>
    expect(Object.keys(json)).toEqual([SAFE_STORAGE_KEY])
    expect(Object.keys(json[SAFE_STORAGE_KEY]!).sort()).toEqual(['ws.with.dots', 'ws_one', 'ws_two'])
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name))
      expect(bytes.toString('latin1'), name).not.toContain(TOKEN)
      expect(bytes.toString('latin1'), name).not.toContain(Buffer.from(TOKEN).toString('base64').slice(0, 20))
    }

    expect(await restarted.delete('ws_one')).toBe(true)
    expect(await restarted.delete('ws_one')).toBe(false)
    expect(await vault.get('ws_one')).toBeNull()
    expect((await vault.list()).sort()).toEqual(['ws.with.dots', 'ws_two'])
  })

  it('is weak only on basic_text', () => {
    const { dir, store } = install()
    for (const [backendName, isWeak] of [
      ['basic_text', true],
      ['gnome_libsecret', false],
      ['kwallet5', false],
    ] as const) {
      const encryptor = createNodeEncryptor({ keyFile: join(dir, 'k.key'), backendName })
      expect(createSafeStorageVault(encryptor, store())).toMatchObject({ backend: backendName, isWeak })
    }
  })

  it('refuses to exist when the OS offers no encryption', () => {
    const { encryptor, store } = install()
    const unavailable = { ...encryptor(), isEncryptionAvailable: () => false }
    expect(() => createSafeStorageVault(unavailable, store())).toThrow(
      expect.objectContaining({
        kind: 'keychain',
        message: 'Encrypted storage is not available on this system.',
      }),
    )
    expect(openSafeStorageVault(unavailable, store())).toBeNull()
    expect(openSafeStorageVault(encryptor(), store())).not.toBeNull()
  })

  it('a token it cannot decrypt, or a damaged file, is a plain error that destroys nothing', async () => {
    const { dir, encryptor, store } = install()
    await createSafeStorageVault(encryptor(), store()).set('ws_one', TOKEN)
    // Another key (the OS keyring was reset): the ciphertext stays, the user is asked to sign in again.
    const otherKey = createNodeEncryptor({ keyFile: join(dir, 'other.key') })
    const error = await createSafeStorageVault(otherKey, store())
      .get('ws_one')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      kind: 'keychain',
      message: expect.stringMatching(/could not be decrypted/),
    })
    expect((error as Error).message).not.toContain(TOKEN)
    expect(await createSafeStorageVault(encryptor(), store()).get('ws_one')).toBe(TOKEN)

    const file = join(dir, 'tokens.json')
    await writeFile(file, '{ "safeStorageTokens": ')
    const vault = createSafeStorageVault(encryptor(), store())
    await expect(vault.get('ws_one')).rejects.toMatchObject({
      kind: 'keychain',
      message: 'The file that holds the encrypted token could not be read.',
    })
    // The damaged file is kept, byte for byte, beside a fresh one, so signing in again can store a token
    // (it used to stay in place and refuse every later save, locking the user out of this storage).
    const kept = (await readdir(dir)).filter((name) => name.startsWith('tokens.json.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(await readFile(join(dir, kept[0]!), 'utf8')).toBe('{ "safeStorageTokens": ')
    await createSafeStorageVault(encryptor(), store()).set('ws_one', TOKEN)
    expect(await createSafeStorageVault(encryptor(), store()).get('ws_one')).toBe(TOKEN)
  })
})
