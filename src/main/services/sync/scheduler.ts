// When sync runs. A desktop app has no public URL for webhooks, so it polls: the open chat often while the
// window is focused, the chat list less often, everything slower when the window is hidden, with backoff
// while offline or rate-limited (statusForError says for how long and what to show). While the team relay
// delivers Linq's webhooks, polling is only a safety net: `setRelayHealthy(true)` makes it one list round (the
// open chat included) every `relayHealthyMs`, give or take 10% so a team's desktops spread out; events from the
// relay bring the chats they name instead (the relay's shared fetch, or `pullChat`).
import type { SyncStatus } from '../../../shared/domain'
import { errorMessage } from '../../../shared/error-message'
import { backoffDelay } from '../async/backoff'
import { delayTimer } from '../async/delay'
import type { Logger } from '../log'
import { statusForError } from './status'

export interface SyncIntervals {
  activeFocusedMs: number
  activeVisibleMs: number
  listFocusedMs: number
  listVisibleMs: number
  hiddenMs: number
  /**
   * The list round while the team relay is healthy: a safety net for a webhook Linq never delivered to a
   * live relay (Linq retries failed deliveries). Everything else the relay can miss is noticed at once:
   * losing NATS or lagging brings back adaptive polling, a relay silent past its heartbeats too, and a gap in
   * the stream runs a list round (team-relay/). Each desktop's round costs Linq about 5 requests, the one
   * load that still grows with the number of desktops, so it is rare (test/bench/team-relay.bench.ts).
   */
  relayHealthyMs: number
  backoffBaseMs: number
  backoffMaxMs: number
}

export const DEFAULT_INTERVALS: SyncIntervals = {
  activeFocusedMs: 2_000,
  activeVisibleMs: 8_000,
  listFocusedMs: 10_000,
  listVisibleMs: 30_000,
  hiddenMs: 60_000,
  relayHealthyMs: 2 * 60 * 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
}

/** No poll or retry comes sooner than this after the last, whatever the intervals or Retry-After say. */
const MIN_POLL_MS = 25

export interface Presence {
  focused: boolean
  visible: boolean
}

export interface SchedulerOptions {
  intervals?: Partial<SyncIntervals>
  logger: Logger
  /** One round over the list (and then the open chat). */
  pullList(): Promise<void>
  /** The open chat alone. */
  pullActive(chatId: string): Promise<void>
  /** The user is looking at this chat in a focused window. */
  markRead(chatId: string): void
  onStatus(status: SyncStatus): void
  /** The connection works again after failures: the outbox retries now. */
  onOnline(): void
  now?: () => number
  random?: () => number
}

export interface Scheduler {
  status(): SyncStatus
  start(): void
  stop(): void
  /** Resolves when the current list round (if any) is done: tests and the first paint wait on it. */
  settled(): Promise<void>
  presence(): Presence
  setPresence(next: Presence): void
  activeChatId(): string | null
  setActiveChat(chatId: string | null): void
  /** The team relay is (or is no longer) delivering events: polling slows to a safety net, or resumes. */
  setRelayHealthy(healthy: boolean): void
  /**
   * A round now (the list and the open chat), whatever the relay's health: the user asked to try now, or the
   * machine woke from sleep (timers stood still while it slept, so the next poll would otherwise still be its
   * whole interval away).
   */
  syncNow(): Promise<void>
}

type PollKind = 'list' | 'active'

/** The status and the wait after `failures` failed rounds in a row, the last with `error`. */
function afterFailure(
  error: unknown,
  failures: number,
  lastSyncedAt: number | null,
  intervals: SyncIntervals,
  clock: { now(): number; random(): number },
) {
  const policy = { baseMs: intervals.backoffBaseMs, maxMs: intervals.backoffMaxMs }
  return statusForError(error, {
    backoffMs: backoffDelay(failures, policy, clock.random),
    backoffMaxMs: intervals.backoffMaxMs,
    minMs: MIN_POLL_MS,
    now: clock.now(),
    lastSyncedAt,
  })
}

/** How long until the next poll of the list or of the open chat, in the current conditions. */
export function pollDelay(
  kind: PollKind,
  conditions: { presence: Presence; relayHealthy: boolean; intervals: SyncIntervals; random?: () => number },
): number {
  const { presence, intervals } = conditions
  if (conditions.relayHealthy) return intervals.relayHealthyMs * (0.9 + 0.2 * (conditions.random?.() ?? 0.5))
  if (!presence.visible) return intervals.hiddenMs
  if (kind === 'list') return presence.focused ? intervals.listFocusedMs : intervals.listVisibleMs
  return presence.focused ? intervals.activeFocusedMs : intervals.activeVisibleMs
}

/** One timer per kind of poll; arming one that is already armed keeps the earlier. */
function createPollTimers(fire: (kind: PollKind) => void) {
  const timers: Record<PollKind, NodeJS.Timeout | null> = { list: null, active: null }
  return {
    arm(kind: PollKind, delayMs: number) {
      timers[kind] ??= delayTimer(
        () => {
          timers[kind] = null
          fire(kind)
        },
        delayMs,
        { minMs: MIN_POLL_MS },
      )
    },
    clear(kind: PollKind) {
      if (timers[kind]) clearTimeout(timers[kind])
      timers[kind] = null
    },
  }
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const intervals = { ...DEFAULT_INTERVALS, ...options.intervals }
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  let status: SyncStatus = { state: 'catching-up', nextRetryAt: null, detail: null, lastSyncedAt: null }
  let presence: Presence = { focused: true, visible: true }
  let activeChatId: string | null = null
  let relayHealthy = false
  let failures = 0
  let stopped = true
  let listRun: Promise<void> | null = null

  const setStatus = (next: SyncStatus) => {
    if (JSON.stringify(next) === JSON.stringify(status)) return
    status = next
    options.onStatus(status)
  }

  const timers = createPollTimers((kind) => void (kind === 'list' ? tickList() : tickActive()))
  const clearTimers = () => {
    timers.clear('list')
    timers.clear('active')
  }

  const scheduleNormal = () => {
    if (stopped || failures > 0) return
    timers.arm('list', pollDelay('list', { presence, relayHealthy, intervals, random }))
    // On the relay the list round covers the open chat: no second timer for it.
    if (activeChatId && !relayHealthy)
      timers.arm('active', pollDelay('active', { presence, relayHealthy, intervals }))
  }

  const succeeded = () => {
    const wasFailing = failures > 0
    failures = 0
    setStatus({ state: 'online', nextRetryAt: null, detail: null, lastSyncedAt: now() })
    if (wasFailing) options.onOnline()
  }

  const failed = (error: unknown) => {
    failures++
    clearTimers()
    const { status: next, delayMs } = afterFailure(error, failures, status.lastSyncedAt, intervals, {
      now,
      random,
    })
    options.logger.warn('sync failed', { failures, state: next.state, error: errorMessage(error) })
    setStatus(next)
    timers.arm('list', delayMs)
  }

  /** Runs a round; failures switch to backoff, success to the normal rhythm. */
  const guarded = async (round: () => Promise<void>) => {
    if (stopped) return
    try {
      await round()
      if (stopped) return
      succeeded()
    } catch (error) {
      if (!stopped) failed(error)
      return
    }
    scheduleNormal()
  }

  const tickList = (): Promise<void> => {
    listRun ??= guarded(async () => {
      if (failures > 0) setStatus({ ...status, state: 'catching-up', detail: null, nextRetryAt: null })
      await options.pullList()
      if (activeChatId) await options.pullActive(activeChatId)
    }).finally(() => (listRun = null))
    return listRun
  }

  /** A round now, out of rhythm; a backoff in progress starts over from its first step. */
  const roundNow = () => {
    clearTimers()
    failures = failures > 0 ? 1 : 0
    return tickList()
  }

  const tickActive = (): Promise<void> =>
    guarded(async () => {
      if (activeChatId) await options.pullActive(activeChatId)
    })

  return {
    status: () => status,
    start() {
      stopped = false
      setStatus({ state: 'catching-up', nextRetryAt: null, detail: null, lastSyncedAt: null })
      void tickList()
    },
    stop() {
      stopped = true
      clearTimers()
    },
    async settled() {
      while (listRun) await listRun
    },
    presence: () => presence,
    setPresence(next) {
      const gainedFocus = next.focused && !presence.focused
      presence = next
      if (stopped || !gainedFocus) return
      // Coming back to the window: catch up now, and mark the open chat read.
      clearTimers()
      failures = 0
      void tickList()
      if (activeChatId) options.markRead(activeChatId)
    },
    activeChatId: () => activeChatId,
    setActiveChat(chatId) {
      activeChatId = chatId
      timers.clear('active')
      if (!chatId || stopped) return
      if (presence.focused) options.markRead(chatId)
      if (failures === 0) void tickActive()
    },
    setRelayHealthy(healthy) {
      if (healthy === relayHealthy) return
      relayHealthy = healthy
      if (stopped || failures > 0) return
      // The next polls follow the new rhythm at once (sooner when the relay is lost).
      clearTimers()
      scheduleNormal()
    },
    syncNow: roundNow,
  }
}
