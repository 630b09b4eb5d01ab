// A whole main process (test/support/core.ts) on the demo workspace with what the Electron app wires to the OS
// (the window's focus, settings applied outside the app, optionally a fake updater engine), recording every
// event the window would get, for the desktop-integration tests.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventName, EventPayload } from '../../../../src/shared/contract'
import type { Settings } from '../../../../src/shared/domain'
import type { UpdaterEngine } from '../../../../src/main/services/updater/updater'
import type { Sandbox } from '../../../../src/sandbox'
import { startTestCore, type TestCore } from '../../../support/core'

export { until } from '../../../support/core'

export interface DesktopApp extends TestCore {
  dataDir: string
  logLines: string[]
  events: { event: EventName; payload: unknown }[]
  /** How often main brought the window forward. */
  focused: number
  settingsApplied: Settings[]
  sandbox(): Sandbox
  eventsOf<E extends EventName>(event: E): EventPayload<E>[]
  close(): Promise<void>
}

export async function startDesktopApp(
  options: { dataDir?: string; updater?: UpdaterEngine; keepDataDir?: boolean } = {},
): Promise<DesktopApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'linq-desktop-')))
  const logLines: string[] = []
  const settingsApplied: Settings[] = []
  const window = { focused: 0 }
  const events: DesktopApp['events'] = []
  const test = await startTestCore({
    dataDir,
    logLines,
    logLevel: 'debug',
    intervals: {
      activeFocusedMs: 50,
      activeVisibleMs: 50,
      listFocusedMs: 50,
      listVisibleMs: 50,
      hiddenMs: 50,
    },
    desktop: {
      focusWindow: () => void window.focused++,
      onSettings: (settings) => settingsApplied.push(settings),
      updater: options.updater,
    },
  })
  // Subscribed after restore: what restore itself announced is not needed by these tests.
  test.core.events.subscribe((event, payload) => events.push({ event, payload }))
  return Object.assign(window, test, {
    dataDir,
    logLines,
    events,
    settingsApplied,
    sandbox() {
      const sandbox = test.core.demoSandbox()
      if (!sandbox) throw new Error('The demo workspace is not open')
      return sandbox
    },
    eventsOf: <E extends EventName>(event: E) =>
      events.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>),
    async close() {
      await test.core.dispose()
      if (!options.keepDataDir) await rm(dataDir, { recursive: true, force: true })
    },
  })
}

/** The demo's small chats (not the big one), as the sandbox numbers them. */
export function smallChatIds(app: DesktopApp): number[] {
  const sandbox = app.sandbox()
  return [...sandbox.state.chats.values()]
    .map((r) => r.chat.id)
    .filter((id) => id !== sandbox.state.bigChatId)
}
