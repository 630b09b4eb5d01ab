import { resolve } from 'node:path'
import { defineConfig } from 'vite'

// The browser twin of the preload: builds `window.linq` over the loopback WebSocket. It is a classic script
// that the web-bridge server injects before the renderer's own module.
export default defineConfig({
  build: {
    outDir: resolve('out/web-bridge'),
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: resolve('src/preload/web.ts'),
      formats: ['iife'],
      name: 'linqWebBridge',
      fileName: () => 'web-bridge.js',
    },
  },
})
