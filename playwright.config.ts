import { defineConfig } from '@playwright/test'

// End-to-end tests: the real built renderer in Debian's Chromium, talking through the loopback web bridge to
// the real main-process services, which talk to the real sandbox server. Never downloads a browser.
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
}

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  // Every test starts its own app, data dir and page (fixtures.ts), so tests of one file may run on both
  // workers: the long files no longer leave one worker idle at the end.
  fullyParallel: true,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
})
