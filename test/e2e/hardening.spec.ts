// What the page cannot do, end to end in Chromium through the web bridge: leave the app, open a window,
// load a remote script, follow file: or javascript: links; and what the user is told when a saved file was
// damaged before the window opened.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page, Request } from '@playwright/test'
import { createLogger } from '../../src/main/services/log'
import { startWebApp } from '../../src/main/web/start'
import { startSandbox } from '../../src/sandbox'
import { expect, test } from './fixtures'

/**
 * While `page` is watched: requests to anywhere but the app that got an answer (`outside`), those the
 * browser stopped before they left (`blocked`, with the reason), and pages (popups) that opened.
 */
function watch(page: Page, origin: string) {
  const outside: string[] = []
  const blocked: string[] = []
  const popups: string[] = []
  const elsewhere = (request: Request) => !request.url().startsWith(origin)
  page.context().on('requestfinished', (request) => {
    if (elsewhere(request)) outside.push(request.url())
  })
  page.context().on('requestfailed', (request) => {
    if (elsewhere(request)) blocked.push(`${request.url()} ${request.failure()?.errorText}`)
  })
  page.context().on('page', (opened) => popups.push(opened.url()))
  return { outside, blocked, popups }
}

const settle = (page: Page) => page.waitForTimeout(300)

test('the page cannot navigate away, open a window, load a remote script or follow file: and javascript: links', async ({
  page,
  app,
  consoleErrors,
}) => {
  // Each refusal below is reported by Chromium as a console error: expected, and only these.
  consoleErrors.allow(/Blocked opening 'https:\/\/example\.com\/(popup)?' in a new window .* sandboxed frame/)
  consoleErrors.allow(
    /Loading the script 'https:\/\/evil\.example\/steal\.js' violates .*Content Security Policy/,
  )
  consoleErrors.allow(/^request failed: GET https:\/\/evil\.example\/steal\.js: csp$/)
  consoleErrors.allow(/^console error: Not allowed to load local resource: file:\/\/\/etc\/passwd$/)
  consoleErrors.allow(/Running the JavaScript URL violates the following Content Security Policy directive/)
  await expect(page.getByRole('button', { name: 'Try the demo workspace' })).toBeVisible()
  const appUrl = page.url()
  const seen = watch(page, app.origin)
  const stillHere = async (what: string) => {
    await settle(page)
    expect(page.url(), what).toBe(appUrl)
    await expect(page.getByRole('button', { name: 'Try the demo workspace' }), what).toBeVisible()
  }

  // Navigating away by script and by a link.
  await page.evaluate(() => (location.href = 'https://example.com/'))
  await stillHere('location.href')
  await page.evaluate(() => location.assign('/media/attachment/anything'))
  await stillHere('location.assign to another page of the origin')
  const click = (href: string, target?: string) =>
    page.evaluate(
      ([url, where]) => {
        const link = document.createElement('a')
        link.href = url!
        if (where) link.target = where
        link.textContent = 'x'
        document.body.append(link)
        link.click()
        link.remove()
      },
      [href, target],
    )
  await click('https://example.com/phish')
  await stillHere('a link to another site')

  // New windows.
  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true)
  await click('https://example.com/popup', '_blank')
  await stillHere('a target=_blank link')

  // A remote script, refused by the CSP before any request is made.
  const violation = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
          once: true,
        })
        const script = document.createElement('script')
        script.src = 'https://evil.example/steal.js'
        document.head.append(script)
      }),
  )
  expect(violation).toMatch(/^script-src/)

  // file: and javascript: links.
  await click('file:///etc/passwd')
  await stillHere('a file: link')
  await click('javascript:window.pwned=1')
  await stillHere('a javascript: link')
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined()

  expect(seen.popups).toEqual([])
  expect(seen.outside).toEqual([])
  expect(seen.blocked).toEqual(['https://evil.example/steal.js csp'])
  expect(app.shell.opened).toEqual([])
})

test('links in a customer’s message: https opens in the system browser, file: and javascript: are plain text', async ({
  page,
  app,
}) => {
  await page.getByRole('button', { name: 'Try the demo workspace' }).click()
  await expect(page.getByTestId('chat-row').first()).toBeVisible({ timeout: 15_000 })
  const sandbox = app.sandbox()
  const record = [...sandbox.state.chats.values()].find((r) => r.chat.id !== sandbox.state.bigChatId)!
  sandbox.simulate.inboundMessage(record.chat.id, {
    text: 'Docs: https://example.com/docs see file:///etc/passwd or javascript:alert(1) <script src="https://evil.example/x.js"></script>',
  })
  await page.locator(`[data-testid="chat-row"][data-chat-id="${record.chat.id}"]`).click()
  const bubble = page.getByTestId('message').filter({ hasText: 'Docs:' })
  await expect(bubble).toBeVisible({ timeout: 10_000 })
  const appUrl = page.url()
  const seen = watch(page, app.origin)

  // Only https links are links; file: and javascript: stay text.
  const hrefs = await bubble
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
  expect(hrefs).toEqual(['https://example.com/docs', 'https://evil.example/x.js'])
  await bubble.getByRole('link', { name: 'https://example.com/docs' }).click()
  await expect.poll(() => app.shell.opened).toEqual(['https://example.com/docs'])
  // Also a middle click: no window either.
  await bubble.getByRole('link', { name: 'https://example.com/docs' }).click({ button: 'middle' })
  await settle(page)
  expect(page.url()).toBe(appUrl)
  expect(seen.popups).toEqual([])
  expect(seen.outside).toEqual([])
  // The markup arrived as text.
  await expect(bubble).toContainText('<script src="https://evil.example/x.js"></script>')
  expect(app.shell.opened).toEqual(['https://example.com/docs'])
})

test('a damaged outbox at start: the app opens, says what it could not restore, and keeps the rest', async ({
  page,
  app,
  dataDir,
}) => {
  test.setTimeout(90_000)
  const linq = await startSandbox({ chatCount: 3, bigChatSize: 20, activity: false })
  // Sends are refused for an hour: the message waits in the outbox through the restart.
  linq.faults.set({ rules: [{ route: 'sendMessage', status: 503, retryAfter: '3600' }] })
  let second: Awaited<ReturnType<typeof startWebApp>> | null = null
  try {
    const call = async (channel: string, input: unknown = {}) => {
      const result = await app.core.dispatch(channel, input, { trusted: true })
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
      return result.value as Record<string, unknown>
    }
    const signIn = await call('signIn', { token: linq.token, baseUrl: linq.baseUrl })
    // Without a keychain (here), the token goes to the weak local store with consent.
    if (signIn.status === 'choose-storage')
      await call('chooseTokenStorage', {
        pendingId: signIn.pendingId,
        storage: 'safe-storage',
        acceptWeakEncryption: true,
      })
    const chatId = String([...linq.state.chats.keys()][0])
    await expect.poll(async () => ((await call('listChats')).chats as unknown[]).length).toBe(3)
    await call('sendMessage', { chatId, text: 'Your order shipped today', attachmentIds: [] })
    const workspaceId = ((await call('getSession')).workspace as { id: string }).id
    await app.close()

    // The outbox gains an entry of the wrong types (a bug in an older build, a bad disk write).
    const path = join(dataDir, 'workspaces', workspaceId, 'outbox', 'outbox.json')
    const doc = JSON.parse(await readFile(path, 'utf8')) as { entries: unknown[] }
    doc.entries.push({ localId: 'x', chatId: null, text: {}, files: 'x' })
    await writeFile(path, JSON.stringify(doc))

    const started = Date.now()
    second = await startWebApp({ dataDir, logger: createLogger({ console: false }) })
    expect(Date.now() - started).toBeLessThan(10_000)
    await page.goto(second.url)
    const notice = page.getByRole('alert').filter({ hasText: '1 unsent message could not be restored' })
    await expect(notice).toBeVisible()
    // The good message is still waiting in its chat.
    await page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).click()
    await expect(page.getByTestId('message').filter({ hasText: 'Your order shipped today' })).toHaveAttribute(
      'data-status',
      /queued|sending/,
    )
    // Shown once: another window opened later does not get it again.
    await page.reload()
    await expect(page.getByTestId('chat-row').first()).toBeVisible()
    await page.waitForTimeout(500)
    await expect(page.getByRole('alert').filter({ hasText: 'could not be restored' })).toHaveCount(0)
    await second.core.dispatch('signOut', { clearLocalData: true }, { trusted: true })
  } finally {
    await second?.close()
    await linq.close()
  }
})
