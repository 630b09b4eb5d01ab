import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import type { LinqBridge } from '../../src/shared/contract'
import { findElectronBinary } from './electron-binary'

declare global {
  interface Window {
    linq: LinqBridge
  }
}

const binary = findElectronBinary()
if ('missing' in binary) console.log(`[electron tests] skipped: ${binary.missing}`)

test.describe('the Electron app', () => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '')

  test('loads, answers app info over IPC and shows the welcome screen, sandboxed', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'linq-electron-'))
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : undefined,
      args: ['out/main/index.js', `--user-data-dir=${userData}`],
    })
    try {
      const page = await app.firstWindow()
      const info = await page.evaluate(() => window.linq.getAppInfo())
      expect(info).toMatchObject({ name: 'Linq', runtime: 'electron', dataDirKind: 'user-data' })
      await expect(page.getByRole('heading', { name: /welcome/i })).toBeVisible()
      // The page has no Node: the sandbox and context isolation hold.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      )
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
        'undefined',
      )
      const rejected = await page.evaluate(async () => {
        try {
          await (window.linq as unknown as { setActiveChat(i: unknown): Promise<unknown> }).setActiveChat({
            chatId: 1,
          })
          return null
        } catch (error) {
          return error
        }
      })
      expect(rejected).toMatchObject({ kind: 'validation', retryable: false })
    } finally {
      await app.close()
      await rm(userData, { recursive: true, force: true })
    }
  })
})
