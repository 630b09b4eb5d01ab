// Launches the built app in Electron for a test: a fresh user-data dir, closed and removed afterwards. Like
// the e2e suite, a test fails on a console error or an uncaught error in the window.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, type ElectronApplication, type Page } from '@playwright/test'
import type { LinqBridge } from '../../src/shared/contract'
import { findElectronBinary } from './electron-binary'

declare global {
  interface Window {
    linq: LinqBridge
  }
}

export const binary = findElectronBinary()
if ('missing' in binary) console.log(`[electron tests] skipped: ${binary.missing}`)

export interface Launched {
  app: ElectronApplication
  page: Page
  userData: string
}

export async function withApp(
  run: (page: Page, userData: string, app: ElectronApplication) => Promise<void>,
  options: { env?: Record<string, string> } = {},
): Promise<void> {
  const userData = await mkdtemp(join(tmpdir(), 'linq-electron-'))
  const app = await electron.launch({
    executablePath: 'path' in binary ? binary.path : undefined,
    args: ['out/main/index.js', `--user-data-dir=${userData}`],
    env: { ...process.env, ...options.env } as Record<string, string>,
  })
  try {
    const page = await app.firstWindow()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    // Loaded again with the listeners in place, so the page's own start is watched too.
    await page.reload()
    await run(page, userData, app)
    expect(errors, 'console errors in the Electron window').toEqual([])
  } finally {
    await app.close()
    await rm(userData, { recursive: true, force: true })
  }
}
