// Long work (building or loading the index) in slices: `pause()` yields to the event loop once the current
// slice has run for `budgetMs`, so timers, IPC and sync keep running. It also records the longest slice,
// which the benchmark reports, in wall time and in this thread's CPU time: on a busy machine the wall time
// also counts the time other processes had the CPU, the CPU time only what this thread did (garbage
// collection included). The kernel may count CPU time in scheduler ticks (4 ms here), so it is coarse. It
// also keeps the longest steps (the work between two pause calls) by kind: a slice can only be as short as
// its longest step, so those name what to split.
import { setImmediate as nextTurn } from 'node:timers/promises'

export interface Step {
  kind: string
  ms: number
}

export interface Slicer {
  /** Yields if this slice is over budget; `kind` names the step that just ended. */
  pause(kind?: string): Promise<void>
  /** The longest stretch (ms) between two yields so far, the current one included. */
  longestMs(): number
  /** The most CPU time (ms) this thread spent in one slice (NaN where Node cannot tell). */
  longestCpuMs(): number
  /** The longest steps so far, longest first. */
  longestSteps(): Step[]
}

const KEEP_STEPS = 5

/** Keeps the `KEEP_STEPS` longest steps in `top` (longest first). */
function keepStep(top: Step[], kind: string, ms: number) {
  if (top.length === KEEP_STEPS && ms <= top[KEEP_STEPS - 1]!.ms) return
  let at = top.length
  while (at > 0 && top[at - 1]!.ms < ms) at--
  top.splice(at, 0, { kind, ms })
  if (top.length > KEEP_STEPS) top.pop()
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
  let stepStarted = started
  const steps: Step[] = []
  return {
    async pause(kind = 'step') {
      const now = performance.now()
      keepStep(steps, kind, now - stepStarted)
      stepStarted = now
      const ran = now - started
      if (ran < budgetMs) return
      longest = Math.max(longest, ran)
      longestCpu = Math.max(longestCpu, threadCpuMs() - cpuStarted)
      await nextTurn()
      started = performance.now()
      stepStarted = started
      cpuStarted = threadCpuMs()
    },
    longestMs: () => Math.max(longest, performance.now() - started),
    longestCpuMs: () => Math.max(longestCpu, threadCpuMs() - cpuStarted),
    longestSteps: () => steps.map((step) => ({ ...step })),
  }
}
