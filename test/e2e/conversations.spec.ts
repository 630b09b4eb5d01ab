// Conversations, one journey on one sign-in to the demo workspace: a new group with a non-US number and a
// contact's name (availability shown, created once on the sandbox), the same people again opening that
// chat, bad recipients refused inline, a chat created offline landing once when Linq is back (through a
// lost answer), a contact edited from the thread header, typing calls seen by the sandbox, and the SMS
// segment counter. axe checks the new-chat and contact screens; screenshots land in test-results.
import type { Page } from '@playwright/test'
import { expect, expectAccessible, saveScreenshot, test, type AppHandle } from './fixtures'

const chatRow = (page: Page, chatId: number | string) =>
  page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`)
const dialog = (page: Page) => page.getByRole('dialog', { name: 'New chat' })
const recipientInput = (page: Page) => dialog(page).getByRole('combobox', { name: 'To' })
const composer = (page: Page) => page.locator('.composer').getByRole('textbox', { name: 'Message' })

/** The sandbox's chats of our first number with exactly these handles. */
function chatsWith(app: AppHandle, handles: string[]) {
  const wanted = [...handles].sort().join('|')
  return [...app.sandbox().state.chats.values()].filter(
    (r) =>
      r.chat.chat_handles
        .filter((h) => h.id !== r.ownHandleId)
        .map((h) => h.phone_number)
        .sort()
        .join('|') === wanted,
  )
}

function seededChat(app: AppHandle, service: 'iMessage' | 'SMS', group = false) {
  const sandbox = app.sandbox()
  return [...sandbox.state.chats.values()].find(
    (r) =>
      r.chat.id !== sandbox.state.bigChatId &&
      r.chat.service === service &&
      r.chat.group === group &&
      r.chat.chat_handles.every((h) => h.phone_number.startsWith('+')),
  )!
}

async function newChat(page: Page): Promise<void> {
  await page.keyboard.press('Control+n')
  await expect(dialog(page)).toBeVisible()
}

test('new chats and groups, contacts, typing and SMS segments', async ({ page, app }) => {
  test.setTimeout(150_000)
  await page.getByRole('button', { name: 'Try the demo workspace' }).click()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 })
  const sandbox = app.sandbox()
  const uk = '+442079460958'
  const amelie = '+33612345678'

  await test.step('a group with a UK number and a contact by name: availability, created once', async () => {
    await newChat(page)
    await recipientInput(page).fill('+44 20 7946 0958')
    await recipientInput(page).press('Enter')
    await recipientInput(page).fill('Amél')
    await expect(dialog(page).getByRole('option', { name: /Amélie Laurent/ })).toBeVisible()
    await recipientInput(page).press('Enter')
    const chips = dialog(page).getByTestId('recipient')
    await expect(chips).toHaveCount(2)
    await expect(chips.nth(1)).toContainText('Amélie Laurent')
    // Linq answers one availability check per 10 s: the second comes about 10 s after the first.
    await expect(chips.nth(0).getByTestId('reachability')).toHaveText('iMessage', { timeout: 15_000 })
    await expect(chips.nth(1).getByTestId('reachability')).toHaveText('iMessage', { timeout: 25_000 })
    await dialog(page).getByLabel('Group name (optional)').fill('Paris & London')
    await dialog(page).getByRole('textbox', { name: 'Message' }).fill('Bonjour from the shop')
    await expectAccessible(page, 'the new-chat screen')
    await saveScreenshot(page, 'new-chat')
    await dialog(page).getByRole('button', { name: 'Send' }).click()
    await expect(dialog(page)).toHaveCount(0)
    await expect(page.locator('.thread-header__title')).toHaveText('Paris & London', { timeout: 15_000 })
    const made = chatsWith(app, [uk, amelie])
    expect(made).toHaveLength(1)
    expect(made[0]!.messages.map((m) => m.text)).toEqual(['Bonjour from the shop'])
    await expect(chatRow(page, made[0]!.chat.id)).toHaveAttribute('aria-current', 'true')
  })

  await test.step('the same people again open that chat with the text in its composer', async () => {
    await newChat(page)
    await recipientInput(page).fill(amelie)
    await recipientInput(page).press('Enter')
    await recipientInput(page).fill('+44 (0)20 7946 0958')
    await recipientInput(page).press('Enter')
    // Known from before: no new check is needed.
    await expect(dialog(page).getByTestId('reachability')).toHaveText(['iMessage', 'iMessage'])
    await dialog(page).getByRole('textbox', { name: 'Message' }).fill('One more thing')
    await dialog(page).getByRole('button', { name: 'Send' }).click()
    await expect(dialog(page)).toHaveCount(0)
    await expect(composer(page)).toHaveValue('One more thing')
    const chats = chatsWith(app, [uk, amelie])
    expect(chats).toHaveLength(1)
    expect(chats[0]!.messages).toHaveLength(1)
    await composer(page).fill('')
  })

  await test.step('invalid numbers, own numbers and an empty message are refused inline', async () => {
    await newChat(page)
    const alert = dialog(page).getByRole('alert')
    await recipientInput(page).fill('555-12')
    await recipientInput(page).press('Enter')
    await expect(alert).toHaveText('555-12 is not a valid phone number.')
    await recipientInput(page).fill('+1 415 555 0102')
    await recipientInput(page).press('Enter')
    await expect(alert).toHaveText('(415) 555-0102 is one of your own Linq numbers.')
    await recipientInput(page).fill('Nobody By That Name')
    await recipientInput(page).press('Enter')
    await expect(alert).toHaveText('No contact matches “Nobody By That Name”.')
    await recipientInput(page).fill(uk)
    await recipientInput(page).press('Enter')
    await dialog(page).getByRole('button', { name: 'Send' }).click()
    await expect(alert).toHaveText('Type the first message.')
    await expect(dialog(page).getByTestId('recipient')).toHaveCount(1)
    await page.keyboard.press('Escape')
    await expect(dialog(page)).toHaveCount(0)
  })

  await test.step('created offline, it lands once when Linq is back, even through a lost answer', async () => {
    const kenji = '+81312345678'
    sandbox.faults.set({ rules: [{ reset: true }] })
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline', {
      timeout: 15_000,
    })
    await newChat(page)
    await recipientInput(page).fill('Kenji Sato')
    await recipientInput(page).press('Enter')
    await dialog(page).getByRole('textbox', { name: 'Message' }).fill('Written on the train')
    await dialog(page).getByRole('button', { name: 'Send' }).click()
    await expect(dialog(page)).toHaveCount(0)
    const pending = page.getByTestId('pending-chat')
    await expect(pending).toContainText('Kenji Sato')
    await expect(pending).toContainText('Waiting to create')
    expect(chatsWith(app, [kenji])).toHaveLength(0)
    // Back online, but the first createChat's answer is lost after Linq made the chat: the retry must
    // find it and its message rather than make either twice.
    sandbox.faults.set({ rules: [{ route: 'createChat', resetAfterProcessing: true, times: 1 }] })
    await expect(pending).toHaveCount(0, { timeout: 30_000 })
    await expect(page.locator('.thread-header__title')).toHaveText('Kenji Sato', { timeout: 15_000 })
    const made = chatsWith(app, [kenji])
    expect(made).toHaveLength(1)
    expect(made[0]!.messages.map((m) => m.text)).toEqual(['Written on the train'])
    sandbox.faults.clear()
  })

  await test.step('a contact edited from the thread header names the chat in the list and header', async () => {
    const record = seededChat(app, 'iMessage')
    const handle = record.chat.chat_handles.find((h) => h.id !== record.ownHandleId)!.phone_number
    await chatRow(page, record.chat.id).click()
    await page.locator('.participant__contact').first().click()
    const contact = page.getByRole('dialog', { name: /contact/ })
    await contact.getByLabel('First name').fill('Zoë')
    await contact.getByLabel('Last name').fill('Quinn')
    await contact.getByLabel('Company').fill('Quinn Bikes')
    await expectAccessible(page, 'the contact screen')
    await saveScreenshot(page, 'contact')
    await contact.getByRole('button', { name: 'Save' }).click()
    await expect(page.locator('.thread-header__title')).toHaveText('Zoë Quinn')
    await expect(chatRow(page, record.chat.id)).toContainText('Zoë Quinn')
    await expect
      .poll(() => [...sandbox.state.contacts.values()].find((c) => c.phone_number === handle)?.full_name)
      .toBe('Zoë Quinn')
  })

  await test.step('typing in an iMessage chat is sent, and stopped by sending', async () => {
    const record = seededChat(app, 'iMessage')
    const calls = () => sandbox.state.typingCalls.filter((c) => c.chatId === record.chat.id)
    await chatRow(page, record.chat.id).click()
    await composer(page).pressSequentially('On my way', { delay: 30 })
    await expect.poll(() => calls().map((c) => c.display)).toEqual([true])
    await composer(page).press('Enter')
    await expect.poll(() => calls().map((c) => c.display)).toEqual([true, false])
  })

  await test.step('an SMS chat counts segments and warns past 10', async () => {
    const record = seededChat(app, 'SMS')
    await chatRow(page, record.chat.id).click()
    await composer(page).fill('a'.repeat(200))
    await expect(page.getByTestId('sms-segments')).toContainText('2 text messages')
    await composer(page).fill('€'.repeat(900))
    await expect(page.getByTestId('sms-segments')).toContainText('12 text messages')
    await expect(page.getByTestId('sms-segments')).toContainText('Long texts often fail by SMS')
    await saveScreenshot(page, 'sms-segments')
    // No typing indicator in SMS chats.
    expect(sandbox.state.typingCalls.filter((c) => c.chatId === record.chat.id)).toEqual([])
    await composer(page).fill('')
  })
})
