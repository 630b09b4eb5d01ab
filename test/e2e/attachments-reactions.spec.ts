// Drag-and-drop and pasted attachments, refusals, reactions, edit and delete: the built renderer in Chromium
// against the real main services and the demo workspace's sandbox.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { gradientPng, simplePdf } from '../../src/sandbox/png'
import { expect, expectAccessible, saveScreenshot, test, type AppHandle } from './fixtures'

async function openChat(page: Page, app: AppHandle, index: number) {
  await page.getByRole('button', { name: 'Try the demo workspace' }).click()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })
  const sandbox = app.sandbox()
  const record = [...sandbox.state.chats.values()].filter((r) => r.chat.id !== sandbox.state.bigChatId)[
    index
  ]!
  await page.locator(`[data-testid="chat-row"][data-chat-id="${record.chat.id}"]`).click()
  await expect(page.getByTestId('message').last()).toBeVisible()
  return record
}

/** Dispatches real dragenter/dragover/drop events carrying Files built from these bytes. */
async function dropFiles(
  page: Page,
  files: { name: string; type: string; bytes: number[] | { zeros: number } }[],
) {
  await page.getByTestId('drop-zone').evaluate((zone, specs) => {
    const transfer = new DataTransfer()
    for (const spec of specs) {
      const bytes = Array.isArray(spec.bytes) ? new Uint8Array(spec.bytes) : new Uint8Array(spec.bytes.zeros)
      transfer.items.add(new File([bytes], spec.name, { type: spec.type }))
    }
    const fire = (type: string) =>
      zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }))
    fire('dragenter')
    fire('dragover')
    return fire('drop')
  }, files)
}

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' })
const png = [...gradientPng(64, 48, [40, 90, 200], [240, 160, 60])]

test('drop two files: tray, send with a caption, the message arrives with both attachments', async ({
  page,
  app,
}) => {
  const record = await openChat(page, app, 0)
  // A visible drop zone while dragging.
  await page.getByTestId('drop-zone').evaluate((zone) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File(['x'], 'x.txt', { type: 'text/plain' }))
    zone.dispatchEvent(
      new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: transfer }),
    )
  })
  await expect(page.getByText(/Drop files to send to/)).toBeVisible()
  await saveScreenshot(page, 'drop-zone')

  await dropFiles(page, [
    { name: 'storefront.png', type: 'image/png', bytes: png },
    { name: 'quote.pdf', type: 'application/pdf', bytes: [...simplePdf('Quote #1042')] },
  ])
  const tray = page.getByTestId('staged-file')
  await expect(tray).toHaveCount(2)
  await expect(tray.filter({ hasText: 'quote.pdf' })).toBeVisible()
  await expectAccessible(page, 'the composer with staged files')
  await saveScreenshot(page, 'tray')

  await composer(page).fill('Here is the quote and a photo')
  await composer(page).press('Enter')
  await expect(tray).toHaveCount(0)
  const sent = page.getByTestId('message').filter({ hasText: 'Here is the quote and a photo' })
  await expect(sent).toHaveAttribute('data-status', /sent|delivered|read/, { timeout: 15_000 })
  await expect(sent.getByRole('button', { name: /storefront\.png/ })).toBeVisible()
  await expect(sent.getByText('quote.pdf')).toBeVisible()
  const onServer = app
    .sandbox()
    .state.messagesOf(record.chat.id)
    .filter((m) => m.text === 'Here is the quote and a photo')
  expect(onServer).toHaveLength(1)
  expect(onServer[0]!.attachments.map((a) => [a.filename, a.mime_type, a.file_size])).toEqual([
    ['storefront.png', 'image/png', png.length],
    ['quote.pdf', 'application/pdf', simplePdf('Quote #1042').length],
  ])
})

test('paste an image from the clipboard into the composer', async ({ page, app }) => {
  await openChat(page, app, 1)
  await composer(page).evaluate((box, bytes) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }))
    box.dispatchEvent(
      new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }),
    )
  }, png)
  await expect(page.getByTestId('staged-file')).toHaveCount(1)
  await expect(page.getByTestId('staged-file').getByRole('alert')).toHaveCount(0)
})

test('an oversized file, an empty file and a folder are refused with their reasons; nothing is sent', async ({
  page,
  app,
}) => {
  const record = await openChat(page, app, 2)
  const before = app.sandbox().state.messagesOf(record.chat.id).length
  await dropFiles(page, [
    { name: 'raw-video.mov', type: 'video/quicktime', bytes: { zeros: 100 * 1024 * 1024 + 1 } },
    { name: 'empty.txt', type: 'text/plain', bytes: [] },
  ])
  const tray = page.getByTestId('staged-file')
  await expect(tray.filter({ hasText: 'raw-video.mov' }).getByRole('alert')).toContainText(/at most 100 MB/)
  await expect(tray.filter({ hasText: 'empty.txt' }).getByRole('alert')).toContainText(/empty/i)
  await saveScreenshot(page, 'refusals')

  // A folder only ever arrives as a path main chose (its picker, or a drop the Electron preload resolved):
  // main refuses it. The page has no way to name a path itself.
  const folder = join(app.dataDir, 'Quarterly reports')
  await mkdir(folder, { recursive: true })
  app.shell.picks.push([folder])
  const refusal = await page.evaluate(() => window.linq.pickFiles())
  expect(refusal).toEqual([
    { ok: false, name: 'Quarterly reports', error: "Quarterly reports is a folder — folders can't be sent." },
  ])
  expect(await page.evaluate(() => 'stageFilePath' in window.linq)).toBe(false)
  expect(app.sandbox().state.messagesOf(record.chat.id)).toHaveLength(before)
})

test('react, un-react, and see a customer’s reaction arrive', async ({ page, app }) => {
  const record = await openChat(page, app, 3)
  const sandbox = app.sandbox()
  const theirs = sandbox.state
    .messagesOf(record.chat.id)
    .filter((m) => m.sent_from !== record.ownNumber)
    .at(-1)!
  const bubble = page.locator(`[data-testid="message"][data-message-id="${theirs.id}"]`)
  await bubble.click({ button: 'right' })
  const menu = page.getByRole('menu')
  await expect(menu).toBeVisible()
  await expectAccessible(page, 'the reaction menu')
  await menu.getByRole('menuitemcheckbox', { name: 'Love' }).click()
  await expect(bubble.getByRole('list', { name: 'Reactions' }).getByLabel(/^Love \(1\)/)).toBeVisible()
  await expect
    .poll(
      () =>
        sandbox.state
          .messagesOf(record.chat.id)
          .find((m) => m.id === theirs.id)!
          .reactions.filter((r) => r.is_from_me && r.reaction === 'love').length,
    )
    .toBe(1)

  // The keyboard way: focus the message, open the menu, pick the same reaction to take it back.
  await bubble.click({ button: 'right' })
  await page.getByRole('menu').getByRole('menuitemcheckbox', { name: 'Love', checked: true }).click()
  await expect
    .poll(
      () =>
        sandbox.state
          .messagesOf(record.chat.id)
          .find((m) => m.id === theirs.id)!
          .reactions.filter((r) => r.is_from_me).length,
    )
    .toBe(0)
  await expect(bubble.getByLabel(/^Love \(1\)/)).toHaveCount(0)

  const mine = sandbox.state
    .messagesOf(record.chat.id)
    .filter((m) => m.sent_from === record.ownNumber)
    .at(-1)!
  sandbox.simulate.inboundReaction(mine.id, 'laugh')
  const reactions = page
    .locator(`[data-testid="message"][data-message-id="${mine.id}"]`)
    .getByRole('list', { name: 'Reactions' })
  await expect(reactions.getByLabel(/^Laugh \(1\)/)).toBeVisible({ timeout: 10_000 })
})

test('edit and delete own messages; a refused edit rolls back with a notice', async ({ page, app }) => {
  const record = await openChat(page, app, 4)
  const sandbox = app.sandbox()
  await composer(page).fill('See you at 3pm')
  await composer(page).press('Enter')
  const row = page.getByTestId('message').filter({ hasText: 'See you at 3pm' })
  await expect(row).toHaveAttribute('data-status', /sent|delivered|read/, { timeout: 15_000 })

  await row.click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Edit' }).click()
  const editor = page.getByRole('textbox', { name: 'Edit message' })
  await editor.fill('See you at 4pm')
  await editor.press('Enter')
  const edited = page.getByTestId('message').filter({ hasText: 'See you at 4pm' })
  await expect(edited).toContainText(/edited/i)
  await expect
    .poll(() => sandbox.state.messagesOf(record.chat.id).some((m) => m.text === 'See you at 4pm'))
    .toBe(true)

  sandbox.faults.set({ rules: [{ route: 'editMessage', status: 500 }] })
  await edited.click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Edit' }).click()
  await page.getByRole('textbox', { name: 'Edit message' }).fill('See you at 5pm')
  await page.getByRole('textbox', { name: 'Edit message' }).press('Enter')
  await expect(page.getByTestId('notice').first()).toBeVisible({ timeout: 10_000 })
  await expect(page.getByTestId('message').filter({ hasText: 'See you at 4pm' })).toHaveCount(1)
  await expect(page.getByTestId('message').filter({ hasText: 'See you at 5pm' })).toHaveCount(0)
  sandbox.faults.clear()

  await page.getByTestId('message').filter({ hasText: 'See you at 4pm' }).click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Delete…' }).click()
  const confirm = page.getByRole('dialog')
  await expectAccessible(page, 'the delete confirmation')
  await confirm.getByRole('button', { name: 'Delete' }).click()
  await expect(page.getByTestId('message').filter({ hasText: 'See you at 4pm' })).toHaveCount(0)
  await expect
    .poll(() => sandbox.state.messagesOf(record.chat.id).some((m) => m.text === 'See you at 4pm'))
    .toBe(false)
})
