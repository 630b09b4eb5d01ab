// Long work (building or loading the index) in slices: `pause()` yields to the event loop once the current
// slice has run for `budgetMs`, so timers, IPC and sync keep running. It also records the longest slice,
// which the benchmark reports, in wall time and in this thread's CPU time: on a busy machine the wall time
// also counts the time other processes had the CPU, the CPU time only what this thread did (garbage
// collection included). The kernel may count CPU time in scheduler ticks (4 ms here), so it is coarse.
import { setImmediate as nextTurn } from 'node:timers/promises'

export interface Slicer {
  /** Yields if this slice is over budget. */
  pause(): Promise<void>
  /** The longest stretch (ms) between two yields so far, the current one included. */
  longestMs(): number
  /** The most CPU time (ms) this thread spent in one slice (NaN where Node cannot tell). */
  longestCpuMs(): number
}

/** This thread's CPU time in ms (Node 22.19+; NaN before). */
const threadCpuMs = (): number => {
  if (!('threadCpuUsage' in process)) return NaN
  const { user, system } = process.threadCpuUsage()
  return (user + system) / 1000
}

export function createSlicer(budgetMs = 4): Slicer {
  let started = performance.now()
  let cpuStarted = threadCpuMs()
  let longest = 0
  let longestCpu = 0
  return {
    async pause() {
      const ran = performance.now() - started
      if (ran < budgetMs) return
      longest = Math.max(longest, ran)
      longestCpu = Math.max(longestCpu, threadCpuMs() - cpuStarted)
      await nextTurn()
      started = performance.now()
      cpuStarted = threadCpuMs()
    },
    longestMs: () => Math.max(longest, performance.now() - started),
    longestCpuMs: () => Math.max(longestCpu, threadCpuMs() - cpuStarted),
  }
}
