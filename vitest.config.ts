import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// Two projects: plain-Node tests for main, sandbox and shared; jsdom component tests for the renderer.
export default defineConfig({
  test: {
    // Vitest's default in a run is one worker per CPU but one, so a single file at a time on our 2-vCPU
    // machines, though many node tests spend most of their time waiting on sockets, children and timers.
    // Two files at a time overlap those waits; each file still has its own process (isolation unchanged).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/node/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/unit/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/unit/renderer/setup.ts'],
        },
      },
    ],
  },
})
