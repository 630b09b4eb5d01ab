// The auto-updater: when it may run (policy), and its schedule and states over a fake engine that behaves like
// electron-updater (events for available, downloaded, none, error).
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { UpdateStatus } from '../../../../src/shared/domain'
import { createEventHub } from '../../../../src/main/services/events'
import { createLogger } from '../../../../src/main/services/log'
import { decideUpdates } from '../../../../src/main/services/updater/policy'
import {
  createUpdater,
  FIRST_CHECK_DELAY_MS,
  UPDATE_INTERVAL_MS,
  type UpdaterEngine,
  type UpdaterEvent,
} from '../../../../src/main/services/updater/updater'
import { startDesktopApp, until } from './support'

const FEED = 'https://updates.example.com/linq'

describe('the update policy', () => {
  const base = { packaged: true, builtInFeed: true, settingsFeed: null, workspace: 'linq' as const }

  it('runs an installed build from its own feed, or the one in settings', () => {
    expect(decideUpdates(base)).toEqual({ run: true, feed: null })
    expect(decideUpdates({ ...base, workspace: null })).toEqual({ run: true, feed: null })
    expect(decideUpdates({ ...base, settingsFeed: FEED })).toEqual({ run: true, feed: FEED })
    expect(decideUpdates({ ...base, builtInFeed: false, settingsFeed: FEED })).toEqual({
      run: true,
      feed: FEED,
    })
  })

  it('is off without a feed, from source, on the demo workspace, or with a feed that is not https', () => {
    expect(decideUpdates({ ...base, builtInFeed: false })).toEqual({
      run: false,
      reason: 'No update feed is configured for this build.',
    })
    expect(decideUpdates({ ...base, packaged: false, settingsFeed: FEED })).toMatchObject({ run: false })
    expect(decideUpdates({ ...base, workspace: 'demo', settingsFeed: FEED })).toEqual({
      run: false,
      reason: 'No update checks while the demo workspace is open.',
    })
    expect(decideUpdates({ ...base, settingsFeed: 'http://updates.example.com' })).toMatchObject({
      run: false,
    })
    expect(decideUpdates({ ...base, settingsFeed: 'not a url' })).toMatchObject({ run: false })
  })
})

function fakeEngine(options: { packaged?: boolean; builtInFeed?: boolean } = {}) {
  const listeners: ((event: UpdaterEvent) => void)[] = []
  const engine = {
    packaged: options.packaged ?? true,
    builtInFeed: options.builtInFeed ?? true,
    checks: [] as (string | null)[],
    installOnQuitSet: [] as boolean[],
    quitAndInstallCalls: 0,
    answer: (_feed: string | null): UpdaterEvent | Error => ({ type: 'none' }),
    async check(feed: string | null) {
      engine.checks.push(feed)
      const answer = engine.answer(feed)
      if (answer instanceof Error) throw answer
      listeners.forEach((listener) => listener(answer))
    },
    installOnQuit: (enabled: boolean) => void engine.installOnQuitSet.push(enabled),
    quitAndInstall: () => void engine.quitAndInstallCalls++,
    onEvent: (listener: (event: UpdaterEvent) => void) => void listeners.push(listener),
    emit: (event: UpdaterEvent) => listeners.forEach((listener) => listener(event)),
  }
  return engine satisfies UpdaterEngine
}

describe('the updater', () => {
  afterEach(() => vi.useRealTimers())

  const setup = (
    engine: ReturnType<typeof fakeEngine> | null,
    facts = { settingsFeed: null as string | null, workspace: 'linq' as 'linq' | 'demo' | null },
  ) => {
    const events = createEventHub()
    const statuses: UpdateStatus[] = []
    events.subscribe((event, payload) => event === 'updateStatus' && statuses.push(payload as UpdateStatus))
    const updater = createUpdater({
      engine,
      events,
      logger: createLogger({ console: false, sink: () => undefined }),
      facts: () => facts,
    })
    return { updater, statuses, facts }
  }

  it('checks soon after start and then every few hours, in the background', async () => {
    vi.useFakeTimers()
    const engine = fakeEngine()
    const { updater } = setup(engine)
    updater.refresh()
    expect(updater.status().state).toBe('idle')
    expect(engine.checks).toEqual([])
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS)
    expect(engine.checks).toEqual([null])
    expect(updater.status().state).toBe('idle')
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS)
    expect(engine.checks).toEqual([null, null])
    updater.dispose()
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS * 2)
    expect(engine.checks).toHaveLength(2)
  })

  it('downloads, says it is ready, and installs on quit only once the user has been told', async () => {
    vi.useFakeTimers()
    const engine = fakeEngine()
    engine.answer = () => ({ type: 'available', version: '1.2.0' })
    const { updater, statuses } = setup(engine)
    updater.refresh()
    // Asking to install before anything is downloaded does nothing.
    updater.acknowledge()
    updater.installNow()
    expect(engine.installOnQuitSet).toEqual([])
    expect(engine.quitAndInstallCalls).toBe(0)
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS)
    expect(updater.status()).toEqual({ state: 'downloading', version: '1.2.0', detail: null })
    engine.emit({ type: 'downloaded', version: '1.2.0' })
    expect(updater.status()).toEqual({ state: 'ready', version: '1.2.0', detail: null })
    expect(statuses.map((s) => s.state)).toEqual(['idle', 'checking', 'downloading', 'ready'])
    expect(engine.installOnQuitSet).toEqual([])
    updater.acknowledge()
    expect(engine.installOnQuitSet).toEqual([true])
    updater.installNow()
    expect(engine.quitAndInstallCalls).toBe(1)
    // A ready update stays ready: later checks do not start another download.
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS)
    expect(engine.checks).toHaveLength(1)
    expect(updater.status().state).toBe('ready')
  })

  it('survives a failing check quietly and tries again at the next interval', async () => {
    vi.useFakeTimers()
    const engine = fakeEngine()
    engine.answer = () => new Error('getaddrinfo ENOTFOUND updates.example.com')
    const { updater } = setup(engine)
    updater.refresh()
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS)
    expect(updater.status()).toEqual({
      state: 'error',
      version: null,
      detail: 'getaddrinfo ENOTFOUND updates.example.com',
    })
    engine.answer = () => ({ type: 'none' })
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS)
    expect(updater.status().state).toBe('idle')
  })

  it('follows the policy as facts change: settings feed, demo, no updater at all', async () => {
    vi.useFakeTimers()
    const engine = fakeEngine({ builtInFeed: false })
    const { updater, facts } = setup(engine)
    updater.refresh()
    expect(updater.status()).toMatchObject({
      state: 'off',
      detail: 'No update feed is configured for this build.',
    })
    facts.settingsFeed = FEED
    updater.refresh()
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS)
    expect(engine.checks).toEqual([FEED])
    facts.workspace = 'demo'
    updater.refresh()
    expect(updater.status()).toMatchObject({ state: 'off' })
    await vi.advanceTimersByTimeAsync(UPDATE_INTERVAL_MS * 3)
    expect(engine.checks).toEqual([FEED])
    const none = setup(null)
    none.updater.refresh()
    expect(none.updater.status()).toMatchObject({ state: 'off', detail: 'This app has no updater.' })
  })
})

describe('the updater in the app', () => {
  it('never checks on the demo workspace’s behalf; it starts once a real sign-in or sign-out ends the demo', async () => {
    const engine = fakeEngine()
    const app = await startDesktopApp({ updater: engine })
    try {
      expect(await app.value('getUpdateStatus')).toMatchObject({ state: 'idle' })
      await app.value('startDemo')
      await until(
        async () => (await app.value('getUpdateStatus')).state === 'off',
        'updates off for the demo',
      )
      expect(await app.value('getUpdateStatus')).toMatchObject({
        detail: 'No update checks while the demo workspace is open.',
      })
      expect(engine.checks).toEqual([])
      await app.value('updateSettings', { updateFeedUrl: FEED })
      expect((await app.value('getUpdateStatus')).state).toBe('off')
      await app.value('signOut', { clearLocalData: true })
      await until(async () => (await app.value('getUpdateStatus')).state === 'idle', 'updates back on')
      expect(app.eventsOf('updateStatus').map((s) => s.state)).toEqual(['off', 'idle'])
    } finally {
      await app.close()
    }
  })
})
