import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { binary, withApp } from './launch'

test.describe('the Electron app', () => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '')

  test('loads, answers app info over IPC and shows the welcome screen, sandboxed', async () => {
    await withApp(async (page) => {
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
    })
  })
})

test.describe('the Electron app with the demo workspace', () => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '')

  test('opens the demo, shows images through the linq-media protocol, and never stages a path the page names', async () => {
    await withApp(async (page, userData) => {
      await page.getByRole('button', { name: 'Try the demo workspace' }).click()
      await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 20_000 })
      // Some seeded chat holds a photo: open chats until an inline image shows, and check it really loaded.
      const rows = page.getByTestId('chat-row')
      let loaded = false
      for (let i = 0; i < Math.min(20, await rows.count()) && !loaded; i++) {
        await rows.nth(i).click()
        const image = page.locator('img[src^="linq-media://"]').first()
        if ((await image.count()) === 0) continue
        await expect(image).toBeVisible()
        loaded = await image.evaluate((img: HTMLImageElement) =>
          img.complete ? img.naturalWidth > 0 : new Promise<boolean>((r) => (img.onload = () => r(true))),
        )
      }
      expect(loaded).toBe(true)
      // The page cannot name a path: the channel is gone, and a File the page makes up (no path on disk,
      // even when its name looks like one) is staged from its bytes, not read from disk.
      expect(await page.evaluate(() => 'stageFilePath' in window.linq)).toBe(false)
      const staged = await page.evaluate(
        (path) => window.linq.stageFile(new File(['made up'], path), 'made-up.txt'),
        join(userData, 'app.json'),
      )
      expect(staged).toMatchObject({ ok: true, file: { name: 'made-up.txt', sizeBytes: 7 } })
    })
  })
})
