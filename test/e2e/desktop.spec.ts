// The desktop integration as far as the web bridge has it: muting a chat (header and chat menu), do not
// disturb, the settings screen, and links handed to main (as the OS would hand them) opening the chat in the
// running window. The Node twins record what the OS would have been asked to show.
import type { Page } from '@playwright/test'
import type { ChannelResult } from '../../src/shared/contract'
import type { IpcResult } from '../../src/shared/errors'
import { expect, expectAccessible, saveScreenshot, test, type AppHandle } from './fixtures'

async function openDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the demo workspace' }).click()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 })
}

const chatRow = (page: Page, chatId: number | string) =>
  page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`)

function smallChat(app: AppHandle, index: number) {
  const sandbox = app.sandbox()
  return [...sandbox.state.chats.values()].filter((r) => r.chat.id !== sandbox.state.bigChatId)[index]!
}

/** Waits until the window has the customer's message (so main has judged whether to notify). */
async function arrives(page: Page, chatId: number, text: string): Promise<void> {
  await expect(chatRow(page, chatId)).toContainText(text, { timeout: 15_000 })
}

test('a muted chat stays silent and says so; unmuted from its menu, it notifies again', async ({
  page,
  app,
}) => {
  await openDemo(page)
  const quiet = smallChat(app, 1)
  const other = smallChat(app, 2)
  await chatRow(page, quiet.chat.id).click()
  const bell = page.getByRole('button', { name: 'Mute notifications' })
  await expect(bell).toHaveAttribute('aria-pressed', 'false')
  await bell.click()
  await expect(bell).toHaveAttribute('aria-pressed', 'true')
  await expect(chatRow(page, quiet.chat.id).getByTestId('chat-muted')).toBeVisible()
  // Reading another chat, so the muted one is in the background, as when a notification would show.
  await chatRow(page, other.chat.id).click()
  app.sandbox().simulate.inboundMessage(quiet.chat.id, { text: 'Muted hello' })
  await arrives(page, quiet.chat.id, 'Muted hello')
  expect(app.notifier.shown.filter((n) => n.body.includes('Muted hello'))).toEqual([])

  await chatRow(page, quiet.chat.id).click({ button: 'right' })
  const menu = page.getByRole('menu', { name: 'Chat actions' })
  await expect(menu.getByRole('menuitem', { name: 'Open chat' })).toBeFocused()
  await expectAccessible(page, 'the chat menu')
  await saveScreenshot(page, 'chat-menu')
  await menu.getByRole('menuitem', { name: 'Unmute notifications' }).click()
  await expect(chatRow(page, quiet.chat.id).getByTestId('chat-muted')).toHaveCount(0)
  app.sandbox().simulate.inboundMessage(quiet.chat.id, { text: 'Unmuted hello' })
  await expect
    .poll(() => app.notifier.shown.some((n) => n.body.endsWith('Unmuted hello')), { timeout: 15_000 })
    .toBe(true)
})

test('do not disturb from settings: no notifications, the badge still counts; the screen is accessible', async ({
  page,
  app,
}) => {
  await openDemo(page)
  await page.getByRole('button', { name: 'Settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  const dnd = dialog.getByLabel('Do not disturb')
  await expect(dnd).toBeEnabled()
  await expectAccessible(page, 'the settings screen')
  await dnd.selectOption({ label: 'Until I turn it off' })
  await expect(dialog.getByTestId('dnd-status')).toHaveText(
    'Notifications are paused until you turn this off.',
  )
  await expectAccessible(page, 'the settings screen with do not disturb on')
  await saveScreenshot(page, 'settings-dnd')
  await dialog.getByRole('button', { name: 'Done' }).click()

  const chat = smallChat(app, 3)
  const counted = app.badge.count
  app.sandbox().simulate.inboundMessage(chat.chat.id, { text: 'During do not disturb' })
  await arrives(page, chat.chat.id, 'During do not disturb')
  await expect.poll(() => app.badge.count).toBe(counted + 1)
  expect(app.notifier.shown.filter((n) => n.body.includes('During do not disturb'))).toEqual([])
  // Kept by main: a reload (or a restart) finds it on.
  await page.reload()
  await page.getByRole('button', { name: 'Settings' }).click()
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByLabel('Do not disturb')).toHaveValue(
    'forever',
  )
})

test('a link handed to main opens its chat in the running window, without leaving the one on screen broken', async ({
  page,
  app,
}) => {
  await openDemo(page)
  const first = smallChat(app, 4)
  const linked = smallChat(app, 5)
  await chatRow(page, first.chat.id).click()
  const composer = page.getByRole('textbox', { name: 'Message' })
  await composer.fill('Half-typed answer')
  expect(app.core.openDeepLink(`linq-desktop://chat/${linked.chat.id}`)).toBe(true)
  await expect(chatRow(page, linked.chat.id)).toHaveAttribute('aria-current', 'true')
  await expect(
    page.getByRole('main', { name: 'Conversation' }).getByRole('heading', { level: 2 }),
  ).toBeVisible()
  // The chat that was open kept its draft and opens again at once.
  await chatRow(page, first.chat.id).click()
  await expect(composer).toHaveValue('Half-typed answer')
  // A hostile link does nothing at all.
  expect(app.core.openDeepLink('linq-desktop://chat/../settings')).toBe(false)
  await expect(chatRow(page, first.chat.id)).toHaveAttribute('aria-current', 'true')
})

test('a new-chat link for a customer the workspace has opens that chat with the text, and sends nothing', async ({
  page,
  app,
}) => {
  await openDemo(page)
  // A 1:1 chat of the workspace and its customer's number, as main knows them.
  const listed = (await app.core.dispatch('listChats', {}, { trusted: true })) as IpcResult<
    ChannelResult<'listChats'>
  >
  if (!listed.ok) throw new Error(listed.error.message)
  const bigId = String(app.sandbox().state.bigChatId)
  const chat = listed.value.chats.find((c) => !c.isGroup && c.id !== bigId)!
  const number = chat.participants.find((p) => p.handle !== chat.phoneNumber)!.handle
  const target = { chat: { id: Number(chat.id) } }
  const before = app.sandbox().state.messagesOf(target.chat.id).length
  const link = `linq-desktop://new?to=${encodeURIComponent(number)}&text=${encodeURIComponent('Your order is ready')}`
  expect(app.core.openDeepLink(link)).toBe(true)
  await expect(chatRow(page, target.chat.id)).toHaveAttribute('aria-current', 'true')
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Your order is ready')
  await page.waitForTimeout(500)
  expect(app.sandbox().state.messagesOf(target.chat.id)).toHaveLength(before)
})
