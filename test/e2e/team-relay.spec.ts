// The team relay in the window, on real parts: the demo's sandbox delivers signed webhooks to a relay and
// Debian's nats-server; the settings section is filled from the keyboard, connects, and is accessible; a
// customer typing shows in the thread and the chat row, and the customer's message reaches the window from the
// relay's shared fetch of the chat (the relay has the demo's token, as a team's relay has Linq's).
import type { Page } from '@playwright/test'
import { createLogger } from '../../src/main/services/log'
import { startRelay, type Relay } from '../../src/relay'
import { WEBHOOK_EVENT_TYPES } from '../../src/shared/relay-protocol'
import { startNatsServer, type NatsServerHandle } from '../support/nats-server'
import { expect, expectAccessible, saveScreenshot, test, type AppHandle } from './fixtures'

let nats: NatsServerHandle | undefined
let relay: Relay | undefined
test.afterEach(async () => {
  await relay?.close()
  await nats?.dispose()
})

/** The relay and nats-server, subscribed to the demo's sandbox as a team's admin would subscribe Linq. */
async function startTeamRelay(app: AppHandle): Promise<{ url: string }> {
  nats = await startNatsServer()
  const sandbox = app.sandbox()
  relay = await startRelay({
    workspace: 'demo-team',
    nats: { servers: [nats.url] },
    linq: { baseUrl: sandbox.baseUrl, token: sandbox.token },
    logger: createLogger({ console: false }),
  })
  const response = await fetch(`${sandbox.baseUrl}/api/partner/v2/webhook_subscriptions`, {
    method: 'POST',
    headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token, 'content-type': 'application/json' },
    body: JSON.stringify({
      webhook_subscription: { webhook_url: relay.webhookUrl, version: 2, events: WEBHOOK_EVENT_TYPES },
    }),
  })
  expect(response.status).toBe(201)
  return { url: nats.url }
}

async function openDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the demo workspace' }).click()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })
}

test('the team relay is set up from the keyboard, connects, and shows a customer typing', async ({
  page,
  app,
}) => {
  await openDemo(page)
  const { url } = await startTeamRelay(app)
  await page.getByRole('button', { name: 'Settings' }).click()
  const section = page.getByRole('region', { name: 'Team relay' })
  await expect(section.getByTestId('team-relay-status')).toContainText(
    'Off: Linq checks for new messages itself.',
  )

  await section.getByLabel('NATS address').focus()
  await page.keyboard.type(url)
  await page.keyboard.press('Tab')
  await page.keyboard.type('demo-team')
  await page.keyboard.press('Tab')
  await expect(section.getByLabel('Device name')).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(section.getByLabel('Sign in with')).toBeFocused()
  await section.getByLabel('Sign in with').selectOption('none')
  await page.keyboard.press('Tab')
  await expect(section.getByRole('button', { name: 'Test connection' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(section.getByText('The relay answered: this setting works.')).toBeVisible()
  // Disabled while it ran, the button gets the focus back once the answer is in.
  await expect(section.getByRole('button', { name: 'Test connection' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(section.getByRole('button', { name: 'Save and connect' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(section.getByTestId('team-relay-status')).toContainText('Connected', { timeout: 15_000 })
  await expectAccessible(page, 'settings with the team relay connected')
  await saveScreenshot(page, 'settings-team-relay')
  await page.keyboard.press('Escape')

  const sandbox = app.sandbox()
  const chat = [...sandbox.state.chats.values()].filter((r) => r.chat.id !== sandbox.state.bigChatId)[2]!
  const row = page.locator(`[data-testid="chat-row"][data-chat-id="${chat.chat.id}"]`)
  await row.click()
  sandbox.simulate.customerTyping(chat.chat.id)
  await expect(page.getByTestId('thread-activity')).toContainText('is typing…')
  await expect(row).toContainText('typing…')
  await expectAccessible(page, 'a thread with the customer typing')
  sandbox.simulate.inboundMessage(chat.chat.id, { text: 'Here is my order number' })
  await expect(page.getByTestId('thread-activity')).toHaveText('')
  await expect(row).toContainText('Here is my order number')
  await expect(page.getByTestId('message').filter({ hasText: 'Here is my order number' })).toBeVisible()
  // It came in the relay's fetch: shared with the event, none failed.
  expect(relay!.counts().shared).toBeGreaterThanOrEqual(1)
  expect(relay!.counts().shareFailed).toBe(0)
})
