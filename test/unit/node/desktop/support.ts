// A whole main process (createAppCore) on the demo workspace, with the Node twins of the notifier and badge and
// optionally a fake updater engine, for the desktop-integration tests.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChannelName, ChannelResult, EventName, EventPayload } from '../../../../src/shared/contract'
import type { Settings } from '../../../../src/shared/domain'
import { createAppCore, type AppCore } from '../../../../src/main/services/app-core'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createLogger } from '../../../../src/main/services/log'
import {
  createRecordingBadge,
  createRecordingNotifier,
} from '../../../../src/main/services/notifications/recording'
import { createRecordingShell } from '../../../../src/main/services/shell'
import type { UpdaterEngine } from '../../../../src/main/services/updater/updater'
import { createKeytarVault } from '../../../../src/main/services/vault/keytar-vault'
import { createNodeEncryptor } from '../../../../src/main/services/vault/node-encryptor'
import { openSafeStorageVault } from '../../../../src/main/services/vault/safe-storage-vault'
import { createConfKeyValue } from '../../../../src/main/services/vault/conf-key-value'
import { createTokenStore } from '../../../../src/main/services/vault/token-store'
import type { Sandbox } from '../../../../src/sandbox'

export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

export interface DesktopApp {
  core: AppCore
  dataDir: string
  notifier: ReturnType<typeof createRecordingNotifier>
  badge: ReturnType<typeof createRecordingBadge>
  logLines: string[]
  events: { event: EventName; payload: unknown }[]
  focused: number
  settingsApplied: Settings[]
  value<C extends ChannelName>(channel: C, input?: unknown): Promise<ChannelResult<C>>
  sandbox(): Sandbox
  eventsOf<E extends EventName>(event: E): EventPayload<E>[]
  close(): Promise<void>
}

export async function startDesktopApp(
  options: { dataDir?: string; updater?: UpdaterEngine; keepDataDir?: boolean } = {},
): Promise<DesktopApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'linq-desktop-')))
  const logLines: string[] = []
  const logger = createLogger({ console: false, level: 'debug', sink: (line) => logLines.push(line) })
  const notifier = createRecordingNotifier()
  const badge = createRecordingBadge()
  const settingsApplied: Settings[] = []
  const app = { focused: 0 }
  const core = await createAppCore({
    runtime: 'web-bridge',
    dataDir,
    dataDirKind: 'custom',
    logger,
    mediaSrc: (p) => '/media/' + p,
    engine: confEngine,
    tokenStore: createTokenStore({
      keychain: createKeytarVault({ module: join(dataDir, 'no-such-keytar.node') }),
      logger,
      safeStorage: () =>
        openSafeStorageVault(
          createNodeEncryptor({ keyFile: join(dataDir, 'vault.key') }),
          createConfKeyValue({ cwd: dataDir, name: 'tokens' }),
        ),
    }),
    notifier,
    badge,
    shell: createRecordingShell({ downloadsDir: join(dataDir, 'Downloads') }),
    focusWindow: () => void app.focused++,
    onSettings: (settings) => settingsApplied.push(settings),
    updater: options.updater,
    demo: { seed: 1, activity: false, chatCount: 4, bigChatSize: 20 },
    intervals: {
      activeFocusedMs: 50,
      activeVisibleMs: 50,
      listFocusedMs: 50,
      listVisibleMs: 50,
      hiddenMs: 50,
    },
  })
  const events: DesktopApp['events'] = []
  core.events.subscribe((event, payload) => events.push({ event, payload }))
  await core.restore()
  const value = async <C extends ChannelName>(channel: C, input: unknown = {}) => {
    const result = await core.dispatch(channel, input, { trusted: true })
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.message}`)
    return result.value as ChannelResult<C>
  }
  return Object.assign(app, {
    core,
    dataDir,
    notifier,
    badge,
    logLines,
    events,
    settingsApplied,
    value,
    sandbox() {
      const sandbox = core.demoSandbox()
      if (!sandbox) throw new Error('The demo workspace is not open')
      return sandbox
    },
    eventsOf: <E extends EventName>(event: E) =>
      events.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>),
    async close() {
      await core.dispose()
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
