import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './src/shared/csp'

/** Writes the page's CSP meta tag, from the one definition the hosts also send as a header. */
const cspMeta = (): Plugin => ({
  name: 'linq-csp-meta',
  transformIndexHtml: {
    order: 'pre',
    handler(html, context) {
      if (!html.includes(CSP_MARKER)) throw new Error(`index.html has no ${CSP_MARKER} for the CSP meta tag`)
      const policy = contentSecurityPolicy({ delivery: 'meta', devServer: context.server !== undefined })
      return html.replace(CSP_MARKER, `<meta http-equiv="Content-Security-Policy" content="${policy}" />`)
    },
  },
})
const CSP_MARKER = '<!-- Content-Security-Policy: written here by the build, from src/shared/csp.ts -->'

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve('src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron' and a few builtins, and cannot load ESM:
      // bundle what it imports and emit CommonJS as index.cjs. It imports channel names only
      // (src/shared/channel-names.ts), never the contract's zod schemas: 3 kB instead of 176 kB.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    // The app icon (resources/icon.svg and its PNG sizes) ships with the page: favicon, window, notifications.
    publicDir: resolve('resources'),
    plugins: [cspMeta(), react()],
    build: {
      // electron-vite leaves the renderer unminified by default; minified it is about a third less to read,
      // parse and compile at every window's start (the ≤ 200 kB gzip budget in the bundles bench).
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
})
