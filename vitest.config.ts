import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// Tests that hold a real-time budget of about a second (a message reaching three desktops within a
// second, a damaged outbox opening within one): they run last, one file at a time, with nothing else on
// the CPU, so another test file's work cannot eat their budget.
const TIMED = [
  'test/unit/node/team-relay/three-desktops.test.ts',
  'test/unit/node/relay/consumer.test.ts',
  'test/unit/node/outbox/outbox-damage.test.ts',
]
const node = { environment: 'node', testTimeout: 30_000, hookTimeout: 30_000 } as const

// Plain-Node tests for main, sandbox and shared (the timed ones apart); jsdom component tests for the renderer.
export default defineConfig({
  test: {
    // Vitest's default in a run is one worker per CPU but one, so a single file at a time on our 2-vCPU
    // machines, though many node tests spend most of their time waiting on sockets, children and timers.
    // Two files at a time overlap those waits; each file still has its own process (isolation unchanged).
    maxWorkers: 2,
    projects: [
      {
        test: { ...node, name: 'node', include: ['test/unit/node/**/*.test.ts'], exclude: TIMED },
      },
      {
        test: { ...node, name: 'node-timed', include: TIMED, maxWorkers: 1, sequence: { groupOrder: 1 } },
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
