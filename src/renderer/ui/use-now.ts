import { useCallback, useSyncExternalStore } from 'react'

// One shared clock per interval, so a hundred chat rows showing relative times run one timer, not a hundred.
interface Clock {
  now: number
  listeners: Set<() => void>
  timer: ReturnType<typeof setInterval> | null
}

const clocks = new Map<number, Clock>()

function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs)
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: null }
    clocks.set(intervalMs, clock)
  }
  return clock
}

function subscribeClock(intervalMs: number, listener: () => void): () => void {
  const clock = clockFor(intervalMs)
  clock.listeners.add(listener)
  if (clock.timer === null) {
    // The clock was idle: its time is stale until it ticks again.
    clock.now = Date.now()
    clock.timer = setInterval(() => {
      clock.now = Date.now()
      clock.listeners.forEach((l) => l())
    }, intervalMs)
  }
  return () => {
    clock.listeners.delete(listener)
    if (clock.listeners.size === 0 && clock.timer !== null) {
      clearInterval(clock.timer)
      clock.timer = null
    }
  }
}

/** The current time, refreshed every `intervalMs` while enabled (for relative times and retry countdowns). */
export function useNow(intervalMs: number, enabled = true): number {
  const subscribe = useCallback(
    (listener: () => void) => (enabled ? subscribeClock(intervalMs, listener) : () => undefined),
    [intervalMs, enabled],
  )
  return useSyncExternalStore(subscribe, () => clockFor(intervalMs).now)
}
