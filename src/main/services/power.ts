// The machine's sleep and wake, as the services hear of them. Electron's powerMonitor in the app
// (src/main/electron/power.ts); the Node twin below where something else says when (the web bridge has none,
// tests fire it). Why it matters: while a laptop sleeps its sockets die without a FIN and its timers stand
// still (monotonic clocks), so without a signal the app would notice only minutes after the lid opens.
import type { Logger } from './log'

/** 'unlock-screen' stands for a wake where the OS reports no resume (some systems only unlock). */
export type PowerChange = 'suspend' | 'resume' | 'unlock-screen'

export interface PowerEvents {
  /** Calls `listener` on every change; returns the way to stop. */
  subscribe(listener: (change: PowerChange) => void): () => void
}

/** A resume and an unlock this close together are one wake. */
export const WAKE_COALESCE_MS = 30_000

/** Calls `wake` once per wake from sleep; returns the way to stop. */
export function onWake(
  events: PowerEvents,
  wake: () => void,
  options: { logger: Logger; now?: () => number },
): () => void {
  const now = options.now ?? Date.now
  let lastWake = Number.NEGATIVE_INFINITY
  return events.subscribe((change) => {
    if (change === 'suspend') {
      // Nothing to do: an event being applied is acknowledged only once applied, whenever that is.
      options.logger.info('the machine is going to sleep')
      return
    }
    // Unlocking right after a resume is the same wake: one reconnect and one round are enough.
    if (change === 'unlock-screen' && now() - lastWake < WAKE_COALESCE_MS) return
    lastWake = now()
    options.logger.info('the machine woke: syncing and reconnecting now', { signal: change })
    wake()
  })
}

/** The Node twin: `emit` plays the OS's part. */
export function createPowerSignals(): PowerEvents & { emit(change: PowerChange): void } {
  const listeners = new Set<(change: PowerChange) => void>()
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit: (change) => listeners.forEach((listener) => listener(change)),
  }
}
