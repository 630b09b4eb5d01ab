// The installed app's life in the OS, in real Electron: the tray's menu, the badge, a link handed over by a
// second instance, and a notification click. The OS's own surfaces cannot be clicked from a test, so the
// main process's test hooks (src/main/electron/test-hooks.ts, LINQ_TEST_HOOKS=1) drive the same Electron
// objects and handlers a click would.
import { spawn } from 'node:child_process'
import { expect, test, type ElectronApplication, type Page } from '@playwright/test'
import type { TestHooks } from '../../src/main/electron/test-hooks'
import { binary, withApp } from './launch'

const env = { LINQ_TEST_HOOKS: '1' }

/** Calls a test hook in the main process. */
function hook<K extends keyof TestHooks>(
  app: ElectronApplication,
  name: K,
  ...args: Parameters<TestHooks[K]>
): Promise<ReturnType<TestHooks[K]>> {
  return app.evaluate(
    (_electron, [name, args]) => {
      const hooks = (globalThis as unknown as { linqTestHooks: Record<string, (...a: unknown[]) => unknown> })
        .linqTestHooks
      return hooks[name]!(...args) as never
    },
    [name, args] as [string, unknown[]],
  ) as Promise<ReturnType<TestHooks[K]>>
}

async function openDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the demo workspace' }).click()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 20_000 })
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 20_000 })
}

const chatRow = (page: Page, chatId: string) =>
  page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`)

/** Two small 1:1 chats of the demo with nothing unread (ids as the window knows them). */
async function twoChats(page: Page): Promise<[string, string]> {
  const { chats } = await page.evaluate(() => window.linq.listChats())
  const small = chats.filter((c) => c.messageCount < 100 && !c.isGroup && c.unreadCount === 0)
  return [small[0]!.id, small[1]!.id]
}

test.describe('the installed app in the OS', () => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '')

  test('the tray offers Open, New Chat and Quit, with the unread count the chat list shows', async () => {
    await withApp(
      async (page, _userData, app) => {
        expect(await hook(app, 'trayMenu')).toEqual(['Open Linq', 'New Chat', '—', 'Quit Linq'])
        await openDemo(page)
        // The sidebar's count (its text also says "unread" to screen readers).
        const shown = Number((await page.getByTestId('unread-total').innerText()).replace(/\D/g, ''))
        await expect.poll(() => hook(app, 'badge').then((b) => b.count)).toBe(shown)
        const menu = await hook(app, 'trayMenu')
        expect(menu[0]).toBe(`${shown} unread messages`)
        expect(menu.slice(2)).toEqual(['Open Linq', 'New Chat', '—', 'Quit Linq'])
        // New Chat brings the window forward and starts with finding who to write to.
        await hook(app, 'runTray', 'new-chat')
        await expect(page.getByRole('dialog', { name: 'Go to chat' })).toBeVisible()
      },
      { env },
    )
  })

  test('the badge follows the unread total as messages arrive and are read', async () => {
    await withApp(
      async (page, _userData, app) => {
        await openDemo(page)
        const [a, b] = await twoChats(page)
        await chatRow(page, b).click()
        const before = (await hook(app, 'badge')).count
        await hook(app, 'customerWrites', a, 'Badge me')
        await expect.poll(() => hook(app, 'badge').then((x) => x.count)).toBe(before + 1)
        await expect(page.getByTestId('unread-total')).toHaveText(new RegExp(`^${before + 1}\\b`))
        const badge = await hook(app, 'badge')
        expect(badge.description).toBe(`${before + 1} unread messages`)
        if (process.platform === 'darwin')
          expect(await app.evaluate(({ app: electronApp }) => electronApp.dock?.getBadge())).toBe(badge.label)
        await chatRow(page, a).click()
        await expect.poll(() => hook(app, 'badge').then((x) => x.count)).toBe(before)
      },
      { env },
    )
  })

  test('a second instance hands its linq-desktop:// link to the first, which opens the chat', async () => {
    await withApp(
      async (page, userData) => {
        await openDemo(page)
        const [, b] = await twoChats(page)
        const second = spawn(
          'path' in binary ? binary.path : 'electron',
          ['out/main/index.js', `--user-data-dir=${userData}`, `linq-desktop://chat/${b}`],
          { stdio: 'ignore', env: { ...process.env, ...env } },
        )
        const exit = await new Promise<number | null>((resolve) => second.on('exit', resolve))
        // The single-instance lock: the second one quits at once, having handed the link over.
        expect(exit).toBe(0)
        await expect(chatRow(page, b)).toHaveAttribute('aria-current', 'true')
      },
      { env },
    )
  })

  test('clicking a notification opens its chat; the chat that was open keeps its draft', async () => {
    await withApp(
      async (page, _userData, app) => {
        test.skip(!(await hook(app, 'notificationsSupported')), 'this desktop has no notification service')
        await openDemo(page)
        const [a, b] = await twoChats(page)
        await chatRow(page, a).click()
        await page.getByRole('textbox', { name: 'Message' }).fill('Half-typed answer')
        // The window is not looking at chat b, so its message notifies.
        await hook(app, 'customerWrites', b, 'Notify me')
        await expect.poll(() => hook(app, 'notificationTags'), { timeout: 20_000 }).toContain(`chat:${b}`)
        await hook(app, 'clickNotification', `chat:${b}`)
        await expect(chatRow(page, b)).toHaveAttribute('aria-current', 'true')
        await expect(page.getByTestId('message').filter({ hasText: 'Notify me' })).toBeVisible()
        await chatRow(page, a).click()
        await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Half-typed answer')
        // A reply from a notification goes out through the outbox like any send.
        await hook(app, 'customerWrites', b, 'Reply to me')
        await expect.poll(() => hook(app, 'notificationTags'), { timeout: 20_000 }).toContain(`chat:${b}`)
        await hook(app, 'replyToNotification', `chat:${b}`, 'Replied from the notification')
        await chatRow(page, b).click()
        await expect(
          page.getByTestId('message').filter({ hasText: 'Replied from the notification' }),
        ).toBeVisible()
      },
      { env },
    )
  })
})
