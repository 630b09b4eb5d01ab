// Search (issue 18) end to end: a word only in an old message of the 10,000-message chat is found offline,
// its snippet marks the word and shows markup as text, and choosing it opens the thread at that message;
// find in a chat walks its matches with a count.
import type { Page } from '@playwright/test'
import type { LinqBridge } from '../../src/shared/contract'
import { expect, expectAccessible, saveScreenshot, test } from './fixtures'

declare global {
  interface Window {
    linq: LinqBridge
  }
}

async function openDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the demo workspace' }).click()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })
}

const chatRow = (page: Page, chatId: number | string) =>
  page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`)
const found = (page: Page, messageId: number | string) =>
  page.locator(`.message-row--found [data-testid="message"][data-message-id="${messageId}"]`)
const total = (page: Page, query: string) =>
  page.evaluate(async (q) => (await window.linq.searchMessages({ query: q })).total, query)
const searchShortcut = (page: Page) => page.keyboard.press('Control+Shift+F')

test('an old message of the big chat is found offline, marked, and opened in place', async ({
  page,
  app,
}) => {
  await openDemo(page)
  const state = app.sandbox().state
  const bigId = state.bigChatId
  // A word no other message has, in a message 260 back: the app holds it once the user has scrolled there.
  const old = state.chats.get(bigId)!.messages.at(-260)!
  old.text = 'Plans for <b>zanzibar</b> attached'
  await chatRow(page, bigId).click()
  const scroller = page.getByTestId('message-scroller')
  await expect
    .poll(
      async () => {
        await scroller.evaluate((el) => (el.scrollTop = 0))
        return total(page, 'zanzibar')
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(1)

  // Offline, and a fresh window that has no thread in memory.
  app.sandbox().faults.set({ rules: [{ reset: true }] })
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 })
  await page.reload()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })

  await searchShortcut(page)
  const dialog = page.getByRole('dialog', { name: 'Search messages' })
  await dialog.getByRole('searchbox', { name: 'Search all messages' }).fill('Zanzi')
  const hit = dialog.getByTestId('search-hit')
  await expect(hit).toHaveCount(1)
  await expect(hit).toContainText('Plans for <b>zanzibar</b> attached')
  await expect(hit.locator('mark')).toHaveText('zanzibar')
  await expect(hit.locator('b')).toHaveCount(0)
  await expect(dialog.getByRole('heading', { name: 'Jordan Ellis' })).toBeVisible()
  await expectAccessible(page, 'the search dialog')
  await saveScreenshot(page, 'search-dialog')

  await page.keyboard.press('ArrowDown')
  await expect(hit).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(found(page, old.id)).toBeInViewport({ timeout: 15_000 })
  await saveScreenshot(page, 'search-found-in-thread')
  // From there the thread scrolls down to the newest message.
  const newest = state.chats.get(bigId)!.messages.at(-1)!
  await expect
    .poll(async () => {
      await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight))
      return page.locator(`[data-testid="message"][data-message-id="${newest.id}"]`).isVisible()
    })
    .toBe(true)

  // What is typed is text, whatever it looks like.
  await searchShortcut(page)
  const query = '<img src=x onerror="window.pwned=1">'
  await dialog.getByRole('searchbox', { name: 'Search all messages' }).fill(query)
  await expect(dialog.getByRole('status')).toHaveText(`No messages match “${query}”.`)
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined()
  await expect(page.locator('.search-dialog img')).toHaveCount(0)
  app.sandbox().faults.clear()
})

async function send(page: Page, text: string) {
  const composer = page.getByRole('textbox', { name: 'Message' })
  await composer.fill(text)
  await composer.press('Enter')
}

test('find in a chat: a count, previous and next, each match highlighted', async ({ page, app }) => {
  await openDemo(page)
  const sandbox = app.sandbox()
  const record = [...sandbox.state.chats.values()].find((r) => r.chat.id !== sandbox.state.bigChatId)!
  await chatRow(page, record.chat.id).click()
  for (const word of ['one', 'two', 'three']) await send(page, `quokka ${word}`)
  await expect.poll(() => total(page, 'quokka'), { timeout: 20_000 }).toBe(3)
  const idOf = (word: string) =>
    sandbox.state.messagesOf(record.chat.id).find((m) => m.text === `quokka ${word}`)!.id

  await page.keyboard.press('Control+F')
  const bar = page.getByRole('search', { name: 'Find in this chat' })
  await bar.getByRole('searchbox', { name: 'Find in this chat' }).fill('quokka')
  const count = bar.getByTestId('find-count')
  await expect(count).toHaveText('3 matches')
  await page.keyboard.press('Enter')
  await expect(count).toHaveText('3 of 3')
  await expect(found(page, idOf('three'))).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(count).toHaveText('2 of 3')
  await expect(found(page, idOf('two'))).toBeVisible()
  await bar.getByRole('button', { name: 'Previous match' }).click()
  await expect(count).toHaveText('1 of 3')
  await expect(found(page, idOf('one'))).toBeVisible()
  await bar.getByRole('button', { name: 'Next match' }).click()
  await expect(count).toHaveText('2 of 3')
  await expect(found(page, idOf('two'))).toBeVisible()
  await expectAccessible(page, 'the find bar')
  await page.keyboard.press('Escape')
  await expect(bar).toHaveCount(0)
  await expect(page.locator('.message-row--found')).toHaveCount(0)
})
