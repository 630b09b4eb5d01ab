import type { LinqBridge } from '../../src/shared/contract'
import { HEADER_ONLY_DIRECTIVES } from '../../src/shared/csp'
import { expect, test } from './fixtures'

declare global {
  interface Window {
    linq: LinqBridge
  }
}

test('the app loads, calls a real handler through the bridge and shows the welcome screen', async ({
  page,
}) => {
  const info = await page.evaluate(() => window.linq.getAppInfo())
  expect(info).toMatchObject({
    name: 'Linq',
    runtime: 'web-bridge',
    dataDirKind: 'custom',
    platform: process.platform,
  })
  expect(info.version).toMatch(/^\d+\.\d+\.\d+/)
  await expect(page.getByRole('heading', { name: /welcome/i })).toBeVisible()
})

test('a malformed payload comes back as the typed validation error', async ({ page }) => {
  const outcomes = await page.evaluate(async () => {
    const attempt = async (call: () => Promise<unknown>) => {
      try {
        return { resolved: await call() }
      } catch (error) {
        return { rejected: error }
      }
    }
    const linq = window.linq as unknown as Record<string, (input: unknown) => Promise<unknown>>
    return [
      await attempt(() => linq.setActiveChat!({ chatId: 42 })),
      await attempt(() => linq.signIn!({ token: '', surprise: true })),
      await attempt(() => linq.reportPresence!('garbage')),
    ]
  })
  for (const outcome of outcomes) {
    expect(outcome).toEqual({
      rejected: { kind: 'validation', message: expect.any(String), retryable: false },
    })
  }
})

test('the bridge refuses a page without the secret and a WebSocket from another origin', async ({
  page,
  app,
  consoleErrors,
}) => {
  // Chromium reports the refused handshake below in the console.
  consoleErrors.allow(/WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/bridge' failed: .* 403/)
  const response = await page.request.get(app.origin + '/')
  expect(response.status()).toBe(403)
  const refused = await page.evaluate(async (origin) => {
    // This page's origin is the app's, but it does not know the per-run secret.
    return new Promise<boolean>((resolve) => {
      const ws = new WebSocket(origin.replace('http', 'ws') + '/bridge', ['secret.wrong'])
      ws.onopen = () => resolve(false)
      ws.onerror = () => resolve(true)
    })
  }, app.origin)
  expect(refused).toBe(true)
})

test('the page comes with its CSP as a header; its meta tag has no header-only directive; the icon loads', async ({
  page,
  app,
}) => {
  const response = await page.goto(app.url)
  const header = response!.headers()['content-security-policy']
  expect(header).toContain("frame-ancestors 'none'")
  expect(header).toContain(`connect-src 'self' ws://${new URL(app.origin).host}`)
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(meta).toContain("script-src 'self'")
  for (const directive of HEADER_ONLY_DIRECTIVES) expect(meta).not.toContain(directive)
  const icon = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')!
    const answer = await fetch(link.href)
    return { status: answer.status, type: answer.headers.get('content-type') }
  })
  expect(icon).toEqual({ status: 200, type: 'image/svg+xml' })
})
