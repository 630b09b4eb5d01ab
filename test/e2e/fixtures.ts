// The e2e harness: every test gets its own app (main services in this Node process, a fresh data dir, the
// web bridge) and a Chromium page opened on it. `app.logLines` holds everything main logged. Every test fails
// on a console error, an uncaught page error or a failed request it did not declare (`consoleErrors`).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'
import { createLogger } from '../../src/main/services/log'
import { startWebApp, type WebApp } from '../../src/main/web/start'
import type { Sandbox } from '../../src/sandbox'

export interface AppHandle extends WebApp {
  logLines: string[]
  /** The demo workspace's sandbox, once the demo is open: faults and simulated customers. */
  sandbox(): Sandbox
  /** Opens another page on the same app (e.g. after a restart). */
  open(page: Page): Promise<void>
}

export interface ConsoleErrors {
  /** Declares errors the test provokes on purpose: each line seen is matched against the patterns. */
  allow(pattern: RegExp): void
}

export interface AppFixtures {
  app: AppHandle
  /** A data dir that outlives one app, for restart tests. */
  dataDir: string
  consoleErrors: ConsoleErrors
}

export const test = base.extend<AppFixtures>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'linq-e2e-'))
    await use(dir)
    await rm(dir, { recursive: true, force: true })
  },
  app: async ({ dataDir }, use) => {
    const logLines: string[] = []
    const logger = createLogger({
      console: false,
      file: join(dataDir, 'logs', 'main.log'),
      sink: (l) => logLines.push(l),
      level: 'debug',
    })
    const app = await startWebApp({
      dataDir,
      logger,
      // Customers stay quiet unless a test makes them write, so what the screen shows is what the test did.
      demo: {
        seed: 1,
        activity: { inboundPerMinute: 0, reactProbability: 0, replyDelayMs: [60_000, 60_000] },
      },
      intervals: { activeFocusedMs: 300, activeVisibleMs: 300, listFocusedMs: 800, listVisibleMs: 800 },
    })
    const sandbox = () => {
      const running = app.core.demoSandbox()
      if (!running) throw new Error('The demo workspace is not open')
      return running
    }
    await use({ ...app, logLines, sandbox, open: async (page) => void (await page.goto(app.url)) })
    await app.close()
  },
  // Listens on the whole context (every page of the test) from before the first page opens, and judges when
  // the test's body is over, before its app closes (it depends on `app`, so it is torn down first).
  consoleErrors: [
    async ({ context, app: _app }, use) => {
      const seen: string[] = []
      const allowed: RegExp[] = []
      context.on('console', (message) => {
        if (message.type() !== 'error') return
        const { url, lineNumber } = message.location()
        seen.push(`console error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`)
      })
      context.on('weberror', (error) => seen.push(`uncaught error: ${error.error().message}`))
      context.on('requestfailed', (request) => {
        const reason = request.failure()?.errorText
        // Cancelled by the page itself (a reload or navigation under way, an image scrolled away): not a failure.
        if (reason === 'net::ERR_ABORTED') return
        seen.push(`request failed: ${request.method()} ${request.url()}: ${reason}`)
      })
      context.on('response', (response) => {
        if (response.status() >= 400)
          seen.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`)
      })
      await use({ allow: (pattern) => allowed.push(pattern) })
      const unexpected = seen.filter((line) => !allowed.some((pattern) => pattern.test(line)))
      expect(unexpected, 'console errors and failed requests the test did not declare').toEqual([])
    },
    { auto: true },
  ],
  page: async ({ page, app, consoleErrors: _guard }, use) => {
    await page.goto(app.url)
    await use(page)
  },
})

export { expect }

/** axe-core on the current screen: no violations of WCAG 2.x A/AA rules. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`,
  )
  expect(summary, `accessibility violations on ${what}`).toEqual([])
}

/** Saves a screenshot for reviewers under test-results/screenshots/. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join('test-results', 'screenshots', `${name}.png`), fullPage: false })
}
