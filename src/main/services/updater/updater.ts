// The auto-updater's schedule and state, over an engine (electron-updater in the app: src/main/electron/
// updater.ts). It checks soon after start and then every few hours while the policy allows, downloads in the
// background, and reports each state to the window. A downloaded update installs when Linq quits only once a
// window has told the user about it (acknowledge), or at once if the user asks (installNow).
import { errorMessage } from '../../../shared/error-message'
import type { UpdateStatus } from '../../../shared/domain'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import { decideUpdates, type UpdaterDecision, type UpdaterFacts } from './policy'

export type UpdaterEvent =
  | { type: 'available'; version: string }
  | { type: 'none' }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string }

export interface UpdaterEngine {
  readonly packaged: boolean
  readonly builtInFeed: boolean
  /** Checks `feed` (null: the build's own) and downloads what it finds; progress arrives as events. */
  check(feed: string | null): Promise<void>
  installOnQuit(enabled: boolean): void
  quitAndInstall(): void
  onEvent(listener: (event: UpdaterEvent) => void): void
}

export const UPDATE_INTERVAL_MS = 4 * 60 * 60_000
export const FIRST_CHECK_DELAY_MS = 30_000

export interface Updater {
  status(): UpdateStatus
  /** Re-reads the policy (settings or session changed): starts, moves or stops the checks. */
  refresh(): void
  acknowledge(): void
  installNow(): void
  dispose(): void
}

export function createUpdater(options: {
  engine: UpdaterEngine | null
  events: EventHub
  logger: Logger
  facts: () => Omit<UpdaterFacts, 'packaged' | 'builtInFeed'>
  intervalMs?: number
  firstCheckDelayMs?: number
}): Updater {
  const { engine, events, logger } = options
  const interval = Math.min(options.intervalMs ?? UPDATE_INTERVAL_MS, UPDATE_INTERVAL_MS)
  const firstDelay = Math.min(options.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS, UPDATE_INTERVAL_MS)
  let status: UpdateStatus = { state: 'off', version: null, detail: 'This app has no updater.' }
  let timer: NodeJS.Timeout | null = null
  let running: string | null | undefined // the feed being checked; undefined while off
  let disposed = false

  const ready = () => status.state === 'ready'
  const set = (next: UpdateStatus) => {
    if (next.state === status.state && next.version === status.version && next.detail === status.detail)
      return
    status = next
    events.emit('updateStatus', status)
  }
  const decide = (): UpdaterDecision =>
    engine
      ? decideUpdates({ ...options.facts(), packaged: engine.packaged, builtInFeed: engine.builtInFeed })
      : { run: false, reason: 'This app has no updater.' }

  const check = async () => {
    timer = null
    const decision = decide()
    if (disposed || !engine || !decision.run) return
    timer = setTimeout(() => void check(), interval)
    timer.unref?.()
    if (status.state === 'ready') return
    set({ state: 'checking', version: null, detail: null })
    try {
      await engine.check(decision.feed)
    } catch (error) {
      // Offline or a feed that is down: try again at the next interval, without bothering the user.
      const message = errorMessage(error)
      logger.warn('update check failed', { error: message })
      if (!ready()) set({ state: 'error', version: null, detail: message })
    }
  }

  engine?.onEvent((event) => {
    if (disposed) return
    if (event.type === 'available') set({ state: 'downloading', version: event.version, detail: null })
    else if (event.type === 'none') set({ state: 'idle', version: null, detail: null })
    else if (event.type === 'downloaded') {
      logger.info('update downloaded', { version: event.version })
      set({ state: 'ready', version: event.version, detail: null })
    } else if (status.state !== 'ready') set({ state: 'error', version: null, detail: event.message })
  })

  return {
    status: () => status,
    refresh() {
      if (disposed) return
      const decision = decide()
      if (!decision.run) {
        if (timer) clearTimeout(timer)
        timer = null
        running = undefined
        if (status.state !== 'ready') set({ state: 'off', version: null, detail: decision.reason })
        return
      }
      if (running === decision.feed && timer) return
      running = decision.feed
      if (timer) clearTimeout(timer)
      if (status.state === 'off') set({ state: 'idle', version: null, detail: null })
      timer = setTimeout(() => void check(), firstDelay)
      timer.unref?.()
    },
    acknowledge() {
      if (status.state === 'ready') engine?.installOnQuit(true)
    },
    installNow() {
      if (status.state === 'ready') engine?.quitAndInstall()
    },
    dispose() {
      disposed = true
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
