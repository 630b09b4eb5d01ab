// The log file: the owner's alone (logs name phone numbers and chats), rotated by size, redacted.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../../../src/main/services/log'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'linq-log-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

const mode = async (path: string) => (await stat(path)).mode & 0o777

describe.skipIf(process.platform === 'win32')('the log file', () => {
  it('creates logs/ 0700 and main.log 0600, and tightens ones an older build left open', async () => {
    const fresh = join(root, 'a', 'logs', 'main.log')
    createLogger({ console: false, file: fresh }).info('hello')
    expect(await mode(join(root, 'a', 'logs'))).toBe(0o700)
    expect(await mode(fresh)).toBe(0o600)

    const old = join(root, 'b', 'logs')
    await mkdir(old, { recursive: true, mode: 0o755 })
    await chmod(old, 0o755)
    await writeFile(join(old, 'main.log'), 'earlier line\n', { mode: 0o644 })
    createLogger({ console: false, file: join(old, 'main.log') }).info('later line')
    expect(await mode(old)).toBe(0o700)
    expect(await mode(join(old, 'main.log'))).toBe(0o600)
    expect(await readFile(join(old, 'main.log'), 'utf8')).toMatch(/earlier line\n.*later line/)
  })

  it('rotates past the size cap, keeps a bounded number of files, all 0600, and redacts the token', async () => {
    const file = join(root, 'logs', 'main.log')
    const logger = createLogger({ console: false, file, maxFileBytes: 2_000, keepFiles: 2 })
    logger.addSecret('tok_super_secret_value')
    for (let i = 0; i < 200; i++) logger.info(`line ${i} with tok_super_secret_value`, { n: i })
    const names = (await readdir(join(root, 'logs'))).sort()
    expect(names).toEqual(['main.log', 'main.log.1', 'main.log.2'])
    let total = ''
    for (const name of names) {
      const path = join(root, 'logs', name)
      expect((await stat(path)).size).toBeLessThanOrEqual(2_000)
      expect(await mode(path)).toBe(0o600)
      total += await readFile(path, 'utf8')
    }
    expect(total).not.toContain('tok_super_secret_value')
    expect(total).toContain('line 199 with [redacted]')
    // The oldest lines went with the oldest file.
    expect(total).not.toContain('line 0 with')
  })
})
