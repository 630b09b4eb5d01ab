import { defineConfig } from 'vitest/config'

// Tests of what `npm run build` produced (scripts/test.mjs runs them after the build step): electron-builder
// packs the built app for real, with a stand-in Electron, and the tests read the package.
export default defineConfig({
  test: {
    name: 'built',
    environment: 'node',
    include: ['test/built/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
