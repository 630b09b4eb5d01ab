// Everything the main process does, independent of Electron: the services, the IPC handlers over them and
// the router. The Electron composition root (src/main/index.ts) and the web bridge (src/main/web/start.ts)
// each build one of these with their own adapters. This file only wires; where the parts live:
//   app-file.ts      settings and the workspace to reopen (app.json)
//   session/         who is signed in, and to what
//   workspace/       one open workspace (its services, and the OpenWorkspace interface callers use)
//   demo-sandbox.ts  the demo's in-process Linq sandbox, loaded only for the demo
//   handlers/        the IPC handler table, one file per feature
//   open-requests.ts, deep-link.ts, updater/   what the installed app adds (links, tray, updates)
// No service imports this file (eslint): what two services share lives below both.
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { preloadContract } from '../../shared/contract'
import type { AppInfo, OpenRequest, Settings } from '../../shared/domain'
import type { Sandbox, SandboxOptions } from '../../sandbox'
import { openAppSettings, type AppSettings } from './app-file'
import { appInfo } from './app-info'
import type { MediaFile } from './attachments/media-file'
import type { StoreEngine } from './cache/engine'
import { parseDeepLink } from './deep-link'
import { userRegion } from './phone'
import { createDemoServer } from './demo-sandbox'
import { createEventHub, type EventHub } from './events'
import { preloadHandlers } from './handlers/attachments'
import type { HandlerContext } from './handlers/context'
import { createHandlers } from './handlers/table'
import { createIpcRouter, createRouter, type Dispatch } from './ipc-router'
import { createLinqClient } from './linq-api'
import type { Logger } from './log'
import { createNotices, damageNotice } from './notices'
import type { Badge, Notifier } from './notifications/types'
import { createOpenRequests } from './open-requests'
import type { OnDamage } from './persist/documents'
import { createSession, DEMO_WORKSPACE_ID, type Session, type TokenStoreLike } from './session/session'
import type { Shell } from './shell'
import { onWake, type PowerEvents } from './power'
import type { SyncIntervals } from './sync/scheduler'
import { createTeamRelaySettings } from './team-relay/settings'
import { createUpdater, type Updater, type UpdaterEngine } from './updater/updater'
import type { Vault } from './vault/types'
import { openWorkspace, type OpenWorkspace, type WorkspaceDeps } from './workspace/workspace'

export interface AppCoreOptions {
  runtime: AppInfo['runtime']
  dataDir: string
  dataDirKind: AppInfo['dataDirKind']
  logger: Logger
  /** Turns a media path ('attachment/<id>', 'staged/<id>', 'outbox/<localId>/<n>') into a URL the renderer may load. */
  mediaSrc: (mediaPath: string) => string
  /** electron-store in the app, conf in Node: the same files either way. */
  engine: StoreEngine
  tokenStore: TokenStoreLike
  notifier: Notifier
  badge: Badge
  shell: Shell
  /** Brings the app window forward (a notification was clicked, a link opened), opening one if none is. */
  focusWindow?: () => void
  /** Applies what settings change outside the app (tray, launch at login): at start and on every change. */
  onSettings?: (settings: Settings) => void
  /** electron-updater in the app; none in the web bridge, where updates are off. */
  updater?: UpdaterEngine
  /** Options for the demo workspace's in-process sandbox (tests shrink it and pick a seed). */
  demo?: Omit<SandboxOptions, 'port'>
  intervals?: Partial<SyncIntervals>
  /** The API client's timeout, retries and pacing for a workspace's sends (tests and the soak shorten them). */
  api?: WorkspaceDeps['api']
  version?: string
  /** Team relay (issue 21): the keychain for relay secrets (none: a relay needing one is refused). */
  relayVault?: Vault
  /** The relay consumer's waits (tests shorten them). */
  relayConsumer?: NonNullable<WorkspaceDeps['teamRelay']>['consumer']
  /** The machine's sleep and wake (Electron's powerMonitor in the app; none in the web bridge). */
  power?: PowerEvents
}

export interface AppCore {
  dispatch: Dispatch
  /** The Electron preload's own channels (preloadContract): a dropped file's path, never from the page. */
  dispatchPreload: Dispatch
  events: EventHub
  resolveMedia(mediaPath: string): Promise<MediaFile | null>
  /** Reopens the last workspace (at start, before the window asks). */
  restore(): Promise<void>
  /** The demo workspace's sandbox while the demo is open (tests inject faults and customers through it). */
  demoSandbox(): Sandbox | null
  /** A linq-desktop:// link from the OS: checked (deep-link.ts), then opened; false when refused. */
  openDeepLink(raw: unknown): boolean
  /** Opens a chat or a new chat in the window (the tray's New chat), bringing the window forward. */
  open(request: OpenRequest): void
  settings(): Settings
  /** Adapters (the window state) report what they could not restore here; the user hears of it. */
  reportDamage: OnDamage
  dispose(): Promise<void>
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

/** Sign-in, the demo and restore, opening a workspace's services for each. */
function createAppSession(
  options: AppCoreOptions,
  app: {
    events: EventHub
    settings: AppSettings
    reportDamage: OnDamage
    open: (request: OpenRequest) => void
  },
) {
  const { logger } = options
  const { events } = app
  const workspaceDir = (id: string) => join(options.dataDir, 'workspaces', id)
  const demo = createDemoServer({ logger, dir: workspaceDir(DEMO_WORKSPACE_ID), sandbox: options.demo })
  const session = createSession<OpenWorkspace>({
    logger,
    events,
    tokenStore: options.tokenStore,
    remembered: app.settings.remembered,
    validate: (baseUrl, token) =>
      createLinqClient({
        baseUrl,
        token,
        logger,
        retry: { maxAttempts: 2 },
        timeoutMs: 15_000,
      }).listPhoneNumbers(),
    startDemoServer: () => demo.start(),
    async open(workspace, token) {
      const opened = openWorkspace({
        workspace,
        token,
        dir: workspaceDir(workspace.id),
        engine: options.engine,
        logger,
        events,
        mediaSrc: options.mediaSrc,
        notifier: options.notifier,
        badge: options.badge,
        settings: app.settings.settings,
        intervals: options.intervals,
        api: options.api,
        onDamage: app.reportDamage,
        openChat: (chatId) => app.open({ kind: 'chat', chatId }),
        teamRelay: {
          settings: createTeamRelaySettings({
            workspaceId: workspace.id,
            app: app.settings,
            vault: options.relayVault ?? null,
            logger,
          }),
          consumer: options.relayConsumer,
        },
      })
      await opened.start()
      return opened
    },
    onRestoreFailed: () => app.reportDamage({ document: 'workspace', entries: 0, whole: true, aside: null }),
    async removeLocalData(workspaceId) {
      await rm(workspaceDir(workspaceId), { recursive: true, force: true })
    },
  })
  return { session, demo }
}

/** Updates: checked only when the settings and the open workspace allow it (updater/policy.ts). */
function createAppUpdater(
  options: AppCoreOptions,
  app: { events: EventHub; settings: AppSettings; session: Session<OpenWorkspace> },
): Updater {
  const updater = createUpdater({
    engine: options.updater ?? null,
    events: app.events,
    logger: options.logger,
    facts: () => {
      const state = app.session.state()
      return {
        settingsFeed: app.settings.settings().updateFeedUrl,
        workspace: state.status === 'signed-in' ? state.workspace.kind : null,
      }
    },
  })
  // Sign-in, sign-out and the demo change whether updates may be checked.
  const stopWatching = app.events.subscribe((event) => {
    if (event === 'sessionChanged') updater.refresh()
  })
  return {
    ...updater,
    dispose() {
      stopWatching()
      updater.dispose()
    },
  }
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { logger } = options
  const events = createEventHub()
  const notices = createNotices(events)
  const reportDamage: OnDamage = (report) => {
    const { level, message } = damageNotice(report)
    notices.add(level, message)
  }
  // App-wide state that is not a workspace's: settings and which workspace to reopen (never a token).
  const settings = openAppSettings({
    engine: options.engine,
    dataDir: options.dataDir,
    logger,
    onDamage: reportDamage,
  })
  const openRequests = createOpenRequests({ events })
  const open = (request: OpenRequest) => {
    options.focusWindow?.()
    openRequests.open(request)
  }
  const { session, demo } = createAppSession(options, { events, settings, reportDamage, open })
  const updater = createAppUpdater(options, { events, settings, session })
  const stopPower = options.power
    ? onWake(options.power, () => session.state().status === 'signed-in' && session.services().wake(), {
        logger,
      })
    : () => undefined
  const settingsChanged = (next: Settings) => {
    options.onSettings?.(next)
    updater.refresh()
  }
  const context: HandlerContext = {
    info: appInfo({
      version: options.version ?? packageVersion(),
      runtime: options.runtime,
      dataDirKind: options.dataDirKind,
    }),
    notices,
    settings,
    session,
    workspace: () => session.services(),
    shell: options.shell,
    badge: options.badge,
    logger,
    updater,
    openRequests,
    settingsChanged,
  }

  return {
    dispatch: createIpcRouter(createHandlers(context), logger),
    dispatchPreload: createRouter(preloadContract, preloadHandlers(context), logger),
    events,
    async resolveMedia(mediaPath) {
      if (session.state().status !== 'signed-in') return null
      return session.services().resolveMedia(mediaPath)
    },
    async restore() {
      await session.restore()
      settingsChanged(settings.settings())
    },
    demoSandbox: () => demo.current(),
    openDeepLink(raw) {
      // Numbers without a country code are read in the user's region, as the new-chat screen reads them.
      const parsed = parseDeepLink(raw, userRegion(settings.settings().phoneRegion))
      if (parsed.ok) {
        open(parsed.link)
        return true
      }
      // The reason only, in the log and to the user: a link can carry a customer's number and a message.
      logger.warn('link refused', { reason: parsed.reason })
      notices.add('info', `Linq did not open that link. ${parsed.reason}`)
      return false
    },
    open,
    settings: () => settings.settings(),
    reportDamage,
    async dispose() {
      stopPower()
      updater.dispose()
      await session.dispose()
    },
  }
}
