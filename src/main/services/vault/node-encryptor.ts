// The Node twin of Electron's safeStorage, for the web bridge and tests: AES-256-GCM with a random key kept in
// a 0600 file. Be honest about what that is: anyone who can read the user's files can read the key next to the
// ciphertext, so it protects only against casual reading, no more than Linux's basic_text. It therefore
// reports itself as 'basic_text' and the UI asks for explicit consent before using it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { Encryptor } from './safe-storage-vault'

const VERSION = 1
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

export function createNodeEncryptor(options: { keyFile: string; backendName?: string }): Encryptor {
  let key: Buffer | null = null

  const loadKey = (): Buffer => {
    if (key) return key
    mkdirSync(dirname(options.keyFile), { recursive: true, mode: 0o700 })
    try {
      // 'wx': when two processes start at once, one creates the key and the other reads it.
      writeFileSync(options.keyFile, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    chmodSync(options.keyFile, 0o600)
    const read = readFileSync(options.keyFile)
    if (read.length !== KEY_BYTES) {
      throw new AppError('keychain', `The encryption key file is damaged (${options.keyFile}).`)
    }
    key = read
    return key
  }

  return {
    isEncryptionAvailable: () => true,
    backend: () => options.backendName ?? 'basic_text',
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', loadKey(), iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body])
    },
    decrypt(data) {
      if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== VERSION)
        throw new Error('not a ciphertext of ours')
      const decipher = createDecipheriv('aes-256-gcm', loadKey(), data.subarray(1, 1 + IV_BYTES))
      decipher.setAuthTag(data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES))
      return Buffer.concat([
        decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8')
    },
  }
}
