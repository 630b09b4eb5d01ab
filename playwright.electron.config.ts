import { defineConfig } from '@playwright/test'

// The same first scenario as the e2e suite, in the real Electron app. Runs only where an Electron binary is
// installed (it cannot be downloaded on our build machines); otherwise each test skips and says why.
export default defineConfig({
  testDir: 'test/electron',
  outputDir: 'test-results/electron',
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright-electron.json' }]],
})
