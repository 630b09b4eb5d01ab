// Long work (building or loading the index) in slices: `pause()` yields to the event loop once the current
// slice has run for `budgetMs`, so timers, IPC and sync keep running. It also records the longest slice,
// which the benchmark reports.
import { setImmediate as nextTurn } from 'node:timers/promises'

export interface Slicer {
  /** Yields if this slice is over budget. */
  pause(): Promise<void>
  /** The longest stretch (ms) between two yields so far, the current one included. */
  longestMs(): number
}

export function createSlicer(budgetMs = 4): Slicer {
  let started = performance.now()
  let longest = 0
  return {
    async pause() {
      const ran = performance.now() - started
      if (ran < budgetMs) return
      longest = Math.max(longest, ran)
      await nextTurn()
      started = performance.now()
    },
    longestMs: () => Math.max(longest, performance.now() - started),
  }
}
