// The chat window end to end: the built renderer in Chromium, the real main services in Node behind the web
// bridge, and the demo workspace's sandbox as Linq.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import {
  bubbleTextWidth,
  estimateRowHeight,
  messageBreaks,
  OVERSCAN,
} from '../../src/renderer/features/thread/row-layout'
import { startSandbox } from '../../src/sandbox'
import { expect, expectAccessible, saveScreenshot, test, type AppHandle } from './fixtures'

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

async function openDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the demo workspace' }).click()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })
}

const chatRow = (page: Page, chatId: number | string) =>
  page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`)
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' })
const messages = (page: Page) => page.getByTestId('message')

/** A small chat of the demo workspace (not the 10,000-message one). */
function smallChat(app: AppHandle, index = 0) {
  const sandbox = app.sandbox()
  return [...sandbox.state.chats.values()].filter((r) => r.chat.id !== sandbox.state.bigChatId)[index]!
}

test('welcome → demo workspace → chat list and thread, accessible, in light and dark', async ({
  page,
  app,
}) => {
  await expect(page.getByRole('heading', { name: 'Welcome to Linq' })).toBeVisible()
  await expectAccessible(page, 'the welcome screen')
  await saveScreenshot(page, 'welcome-light')
  await openDemo(page)
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 })
  const record = smallChat(app)
  await chatRow(page, record.chat.id).click()
  await expect(messages(page).last()).toBeVisible()
  await expectAccessible(page, 'the chat list and thread')
  await saveScreenshot(page, 'thread-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await saveScreenshot(page, 'thread-dark')
  await page.emulateMedia({ colorScheme: 'light' })
})

/** Opens the 10,000-message chat and waits until its newest message shows. */
async function openBigChat(page: Page, app: AppHandle): Promise<number> {
  await openDemo(page)
  const bigId = app.sandbox().state.bigChatId
  await chatRow(page, bigId).click()
  const newestText = app.sandbox().state.messagesOf(bigId).at(-1)!.text
  await expect(page.getByText(newestText, { exact: true }).first()).toBeVisible()
  return bigId
}

test('the 10,000-message chat keeps the DOM small while scrolling back through history', async ({
  page,
  app,
}) => {
  await openBigChat(page, app)
  const scroller = page.locator('[data-testid="message-scroller"]')
  const firstIds = new Set<string>()
  for (let i = 0; i < 12; i++) {
    await scroller.evaluate((el) => (el.scrollTop = 0))
    await page.waitForTimeout(150)
    for (const id of await messages(page).evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-message-id') ?? ''),
    ))
      firstIds.add(id)
    expect(await messages(page).count()).toBeLessThan(300)
  }
  // Scrolling up reached messages older than the first page.
  expect(firstIds.size).toBeGreaterThan(150)
})

test('rows open at their estimated heights, so the thread does not correct itself after measuring', async ({
  page,
  app,
}) => {
  const bigId = await openBigChat(page, app)
  const { messages: page1 } = await page.evaluate(
    (chatId) => window.linq.listMessages({ chatId, limit: 100 }),
    String(bigId),
  )
  const measured = await page.locator('[data-testid="message-scroller"]').evaluate((el) => ({
    textWidth: { list: el.clientWidth, window: window.innerWidth },
    rows: Array.from(el.querySelectorAll<HTMLElement>('.message-list__item')).map((row) => ({
      key: row.querySelector<HTMLElement>('[data-message-row]')!.dataset.messageRow!,
      height: row.offsetHeight,
    })),
  }))
  const textWidth = bubbleTextWidth(measured.textWidth.list, measured.textWidth.window)
  const indexOf = new Map(page1.map((m, i) => [m.id, i]))
  const misses: string[] = []
  for (const row of measured.rows) {
    const i = indexOf.get(row.key)!
    const message = page1[i]!
    const estimate = estimateRowHeight(message, messageBreaks(message, page1[i - 1]), false, textWidth)
    if (estimate !== row.height) misses.push(`${message.id}: estimated ${estimate}, rendered ${row.height}`)
  }
  expect(measured.rows.length).toBeGreaterThan(8)
  expect(misses).toEqual([])
})

test("a thread's first frame builds only the rows in view; the rows above it follow once that frame has painted", async ({
  page,
  app,
}) => {
  await openDemo(page)
  // A MutationObserver's records arrive right after the list's first commit, before the frame that paints it.
  await page.evaluate(() => {
    const observer = new MutationObserver(() => {
      const scroller = document.querySelector('[data-testid="message-scroller"]')
      const rows = scroller ? Array.from(scroller.querySelectorAll('.message-list__item')) : []
      if (!scroller || rows.length === 0) return
      observer.disconnect()
      const view = scroller.getBoundingClientRect()
      const outOfView = rows.filter((row) => {
        const box = row.getBoundingClientRect()
        return box.bottom <= view.top || box.top >= view.bottom
      })
      document.body.dataset.firstRows = `${rows.length} ${outOfView.length}`
    })
    observer.observe(document.body, { childList: true, subtree: true })
  })
  await chatRow(page, app.sandbox().state.bigChatId).click()
  await expect(page.locator('body[data-first-rows]')).toHaveCount(1)
  const [rendered, outOfView] = (await page.locator('body').getAttribute('data-first-rows'))!
    .split(' ')
    .map(Number)
  expect(rendered).toBeGreaterThan(8)
  expect(outOfView).toBe(0)
  // Then the overscan: rows above the viewport, ready for the first scroll up.
  const scroller = page.locator('[data-testid="message-scroller"]')
  await expect
    .poll(() =>
      scroller.evaluate((el) => {
        const top = el.getBoundingClientRect().top
        return Array.from(el.querySelectorAll('.message-list__item')).filter(
          (row) => row.getBoundingClientRect().bottom <= top,
        ).length
      }),
    )
    .toBe(OVERSCAN)
})

test('scrolled up: an older page loads without moving the message in view; a new message shows a pill', async ({
  page,
  app,
}) => {
  const bigId = await openBigChat(page, app)
  const scroller = page.locator('[data-testid="message-scroller"]')
  const rendered = async () =>
    messages(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id')))
  // Near the top of the first page the next older page is requested; Linq answers slowly, so the view can
  // be read while it loads, and once it is prepended above, the same message must be where it was.
  app.sandbox().faults.set({ rules: [{ route: 'listChatMessages', latencyMs: 1_000 }] })
  const before = await rendered()
  await scroller.evaluate((el) => (el.scrollTop = 200))
  await expect(page.getByText('Loading earlier messages…')).toBeVisible()
  const watched = await scroller.evaluate((el) => {
    const view = el.getBoundingClientRect()
    const visible = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="message"]')).find(
      (m) => m.getBoundingClientRect().top >= view.top,
    )!
    return { id: visible.dataset.messageId!, top: visible.getBoundingClientRect().top }
  })
  await expect(page.getByText('Loading earlier messages…')).toHaveCount(0, { timeout: 10_000 })
  app.sandbox().faults.clear()
  await expect.poll(async () => (await rendered()).some((id) => !before.includes(id))).toBe(true)
  const after = await page
    .locator(`[data-testid="message"][data-message-id="${watched.id}"]`)
    .evaluate((el) => el.getBoundingClientRect().top)
  expect(Math.abs(after - watched.top)).toBeLessThanOrEqual(2)
  expect(await messages(page).count()).toBeLessThan(300)

  // A customer writes while we read history: the view stays, a pill says so, and takes us down.
  app.sandbox().simulate.inboundMessage(bigId, { text: 'Are you still there?' })
  const pill = page.getByRole('button', { name: '1 new message' })
  await expect(pill).toBeVisible({ timeout: 10_000 })
  expect(
    await page
      .locator(`[data-testid="message"][data-message-id="${watched.id}"]`)
      .evaluate((el) => el.getBoundingClientRect().top),
  ).toBeCloseTo(after, 0)
  await pill.click()
  await expect(messages(page).filter({ hasText: 'Are you still there?' })).toBeInViewport()
  await expect(pill).toHaveCount(0)
})

test('send: pending → sent → delivered, and a customer reply arrives', async ({ page, app }) => {
  await openDemo(page)
  const record = smallChat(app, 1)
  await chatRow(page, record.chat.id).click()
  await composer(page).fill('Your order is ready for pickup')
  await composer(page).press('Enter')
  const mine = messages(page).filter({ hasText: 'Your order is ready for pickup' })
  await expect(mine).toHaveCount(1)
  await expect(composer(page)).toHaveValue('')
  await expect(mine).toHaveAttribute('data-status', /sent|delivered|read/, { timeout: 10_000 })
  app.sandbox().simulate.advanceDeliveries()
  await expect(mine).toHaveAttribute('data-status', /delivered|read/, { timeout: 10_000 })
  // Sent exactly once.
  expect(
    app
      .sandbox()
      .state.messagesOf(record.chat.id)
      .filter((m) => m.text === 'Your order is ready for pickup'),
  ).toHaveLength(1)

  app.sandbox().simulate.inboundMessage(record.chat.id, { text: 'Great, on my way!' })
  await expect(messages(page).filter({ hasText: 'Great, on my way!' })).toHaveCount(1, { timeout: 10_000 })
})

test('drafts stay with their chat when switching, and Shift+Enter makes a new line', async ({
  page,
  app,
}) => {
  await openDemo(page)
  const a = smallChat(app, 2)
  const b = smallChat(app, 3)
  await chatRow(page, a.chat.id).click()
  await composer(page).fill('half a thought')
  await composer(page).press('Shift+Enter')
  await composer(page).pressSequentially('second line')
  await chatRow(page, b.chat.id).click()
  await expect(composer(page)).toHaveValue('')
  await chatRow(page, a.chat.id).click()
  await expect(composer(page)).toHaveValue('half a thought\nsecond line')
  expect(
    app
      .sandbox()
      .state.messagesOf(a.chat.id)
      .some((m) => m.text.includes('half a thought')),
  ).toBe(false)
})

test('offline shows in the status and the app recovers when Linq is back; a send made offline lands once', async ({
  page,
  app,
}) => {
  await openDemo(page)
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 })
  const record = smallChat(app, 4)
  await chatRow(page, record.chat.id).click()
  app.sandbox().faults.set({ rules: [{ reset: true }] })
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 })
  await composer(page).fill('sent while offline')
  await composer(page).press('Enter')
  await expect(messages(page).filter({ hasText: 'sent while offline' })).toHaveCount(1)
  await saveScreenshot(page, 'offline')
  app.sandbox().faults.clear()
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 20_000 })
  await expect(messages(page).filter({ hasText: 'sent while offline' })).toHaveAttribute(
    'data-status',
    /sent|delivered|read/,
    {
      timeout: 20_000,
    },
  )
  expect(
    app
      .sandbox()
      .state.messagesOf(record.chat.id)
      .filter((m) => m.text === 'sent while offline'),
  ).toHaveLength(1)
})

test('sign in with a token: wrong token is refused in plain words; the token never comes back from main', async ({
  page,
  app,
}) => {
  const linq = await startSandbox({ chatCount: 4, bigChatSize: 20, activity: false })
  const received: string[] = []
  page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))))
  try {
    await page.reload()
    await page.getByRole('button', { name: 'Sign in with your Linq integration token' }).click()
    const token = page.getByLabel('Integration token', { exact: true })
    await token.fill('not-the-token')
    await page.getByText('Advanced', { exact: true }).click()
    await page.getByLabel('API base URL').fill(linq.baseUrl)
    await page.getByRole('button', { name: /^sign in$/i }).click()
    await expect(page.getByText(/did not accept this token/i)).toHaveAttribute('role', 'alert')
    await expect(token).toHaveValue('not-the-token')
    await expectAccessible(page, 'the sign-in form')

    await token.fill(linq.token)
    await page.getByRole('button', { name: /^sign in$/i }).click()
    // The keychain may be unavailable here (CI runs e2e without a Secret Service): then the app asks.
    const askWhere = page.getByRole('heading', { name: 'Where should Linq keep your token?' })
    const signedIn = page.getByRole('button', { name: 'Open my chats' })
    await expect(askWhere.or(signedIn)).toBeVisible({ timeout: 15_000 })
    if (await askWhere.isVisible()) {
      await expectAccessible(page, 'the token storage choice')
      // The weakest place the app will ever put it, with the explicit yes it requires: still no plaintext.
      await page.getByRole('radio', { name: 'Store encrypted on this computer' }).check()
      await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled()
      await page
        .getByLabel('I understand the token will be stored without real protection on this computer.')
        .check()
      await page.getByRole('button', { name: 'Continue' }).click()
    }
    await page.getByRole('button', { name: 'Open my chats' }).click()
    await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })

    // Use the app a little, so every path that could carry the token has run.
    await page.getByTestId('chat-row').first().click()
    await page.getByRole('textbox', { name: 'Message' }).fill('checking in')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await expect(page.getByTestId('message').filter({ hasText: 'checking in' })).toHaveAttribute(
      'data-status',
      /sent|delivered|read/,
      { timeout: 15_000 },
    )
    await app.core.dispose().catch(() => undefined)

    const windowState = await page.evaluate(async () => {
      const own: string[] = []
      for (const key of Object.keys(window)) {
        try {
          own.push(key + '=' + JSON.stringify((window as unknown as Record<string, unknown>)[key]))
        } catch {
          own.push(key)
        }
      }
      const databases = (await indexedDB.databases()).map((d) => d.name)
      return own.join('\n') + document.title + JSON.stringify(databases)
    })
    expect(windowState).not.toContain(linq.token)
    for (const file of await filesUnder(app.dataDir)) {
      expect((await readFile(file)).includes(Buffer.from(linq.token)), file).toBe(false)
    }
    const html = await page.content()
    const storage = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    )
    expect(html).not.toContain(linq.token)
    expect(storage).not.toContain(linq.token)
    expect(received.join('\n')).not.toContain(linq.token)
    expect(app.logLines.join('\n')).not.toContain(linq.token)
  } finally {
    await linq.close()
  }
})

test('settings are accessible; Sign Out from the app menu asks about local data and returns to the welcome screen', async ({
  page,
  app,
}) => {
  await openDemo(page)
  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await expect(settings).toBeVisible()
  await expectAccessible(page, 'settings')
  await saveScreenshot(page, 'settings')
  await page.keyboard.press('Escape')
  await expect(settings).toHaveCount(0)

  // What Electron's menu does: main emits menuCommand; the renderer asks before signing out.
  app.core.events.emit('menuCommand', { command: 'sign-out' })
  const confirm = page.getByRole('dialog', { name: 'Sign out?' })
  await expect(confirm).toBeVisible()
  await confirm.getByLabel('Also delete this computer’s cached chats and drafts').check()
  await confirm.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Welcome to Linq' })).toBeVisible()
  expect(app.core.demoSandbox()).toBeNull()
})

test('a customer writes in another chat: a notification appears, and clicking it opens that chat', async ({
  page,
  app,
}) => {
  await openDemo(page)
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 })
  const open = smallChat(app, 5)
  const other = smallChat(app, 6)
  await chatRow(page, open.chat.id).click()
  app.sandbox().simulate.inboundMessage(other.chat.id, { text: 'Is the blue one still in stock?' })
  await expect
    .poll(() => app.notifier.shown.find((n) => n.body === 'Is the blue one still in stock?')?.chatId, {
      timeout: 15_000,
    })
    .toBe(String(other.chat.id))
  await expect(chatRow(page, other.chat.id)).toContainText('Is the blue one still in stock?')
  app.notifier.click(`chat:${other.chat.id}`)
  await expect(chatRow(page, other.chat.id)).toHaveAttribute('aria-current', 'true')
  await expect(
    page.getByTestId('message').filter({ hasText: 'Is the blue one still in stock?' }),
  ).toBeVisible()
  await expect.poll(() => app.badge.history.length).toBeGreaterThan(0)
})
