// Everything the main process does, independent of Electron: the services, the IPC handlers over them and
// the router. The Electron composition root (src/main/index.ts) and the web bridge (src/main/web/start.ts)
// each build one of these with their own adapters.
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { preloadContract } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { SIGNED_OUT_SYNC, type AppInfo, type Settings, type StageResult } from '../../shared/domain'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox'
import { appInfo } from './app-info'
import type { MediaFile } from './attachments/media-file'
import { decideOpen } from './attachments/open-policy'
import type { StoreEngine } from './cache/engine'
import { createEventHub, type EventHub } from './events'
import { createIpcRouter, createRouter, type Dispatch, type Handlers } from './ipc-router'
import { createLinqClient } from './linq-api'
import type { Logger } from './log'
import type { Badge, Notifier } from './notifications/types'
import {
  createSession,
  DEMO_WORKSPACE_ID,
  type RememberedWorkspace,
  type TokenStoreLike,
} from './session/session'
import { createNotices, damageNotice } from './notices'
import type { OnDamage } from './persist/documents'
import { APP_FILE_VERSION, readAppFile } from './app-file'
import { openExternalChecked, type Shell } from './shell'
import type { SyncIntervals } from './sync/sync'
import { openWorkspace, type WorkspaceDeps, type WorkspaceServices } from './workspace'
import { errorMessage } from '../../shared/error-message'

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
  /** Brings the app window forward (a notification was clicked). */
  focusWindow?: () => void
  /** Options for the demo workspace's in-process sandbox (tests shrink it and pick a seed). */
  demo?: Omit<SandboxOptions, 'port'>
  intervals?: Partial<SyncIntervals>
  /** The API client's timeout and retries for a workspace's calls (tests and the soak shorten them). */
  api?: WorkspaceDeps['api']
  version?: string
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

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { logger, dataDir } = options
  const events = createEventHub()
  const info = appInfo({
    version: options.version ?? packageVersion(),
    runtime: options.runtime,
    dataDirKind: options.dataDirKind,
  })

  const notices = createNotices(events)
  const reportDamage: OnDamage = (report) => {
    const { level, message } = damageNotice(report)
    notices.add(level, message)
  }

  // App-wide state that is not a workspace's: settings and which workspace to reopen (never a token).
  const app = readAppFile({ engine: options.engine, dataDir, logger, onDamage: reportDamage })
  let settings: Settings = app.settings
  let remembered: RememberedWorkspace | null = app.remembered
  const writeApp = () => {
    try {
      app.file.write({ schemaVersion: APP_FILE_VERSION, settings, remembered })
    } catch (error) {
      logger.error('could not save app settings', {
        error: errorMessage(error),
      })
    }
  }

  const workspaceDir = (id: string) => join(dataDir, 'workspaces', id)
  let demoSandbox: Sandbox | null = null

  const session = createSession<WorkspaceServices>({
    logger,
    events,
    tokenStore: options.tokenStore,
    remembered: {
      get: () => remembered,
      set: (value) => {
        remembered = value
        writeApp()
      },
    },
    validate: (baseUrl, token) =>
      createLinqClient({
        baseUrl,
        token,
        logger,
        retry: { maxAttempts: 2 },
        timeoutMs: 15_000,
      }).listPhoneNumbers(),
    async startDemoServer() {
      // The demo's server starts fresh each time, so its cache would only disagree with it: start clean too.
      await rm(workspaceDir(DEMO_WORKSPACE_ID), { recursive: true, force: true, maxRetries: 3 }).catch(
        (error: unknown) => {
          logger.error('could not clear the old demo workspace', {
            error: errorMessage(error),
          })
          throw new AppError('file', 'The demo workspace could not be reset. Try again.', true)
        },
      )
      const sandbox = await startSandbox({ activity: {}, ...options.demo })
      demoSandbox = sandbox
      logger.info('demo sandbox started', { baseUrl: sandbox.baseUrl })
      return {
        baseUrl: sandbox.baseUrl,
        token: sandbox.token,
        close: async () => {
          if (demoSandbox === sandbox) demoSandbox = null
          await sandbox.close()
        },
      }
    },
    async open(workspace, token) {
      const services = openWorkspace({
        workspace,
        token,
        dir: workspaceDir(workspace.id),
        engine: options.engine,
        logger,
        events,
        mediaSrc: options.mediaSrc,
        notifier: options.notifier,
        badge: options.badge,
        settings: () => settings,
        intervals: options.intervals,
        api: options.api,
        onDamage: reportDamage,
        openChat: (chatId) => {
          options.focusWindow?.()
          events.emit('openChat', { chatId })
        },
      })
      await services.start()
      return services
    },
    onRestoreFailed: () => reportDamage({ document: 'workspace', entries: 0, whole: true, aside: null }),
    async removeLocalData(workspaceId) {
      await rm(workspaceDir(workspaceId), { recursive: true, force: true })
    },
  })
  const ws = () => session.services()

  const handlers: Handlers = {
    getAppInfo: () => info,
    takeNotices: () => notices.take(),
    reportPresence: (input) => {
      try {
        ws().sync.setPresence(input)
      } catch {
        // Signed out: nothing polls, so presence does not matter.
      }
    },
    openExternal: ({ url }) => openExternalChecked(options.shell, url),
    getSettings: () => settings,
    updateSettings: (input) => {
      settings = { ...settings, ...input }
      writeApp()
      return settings
    },

    getSession: () => session.state(),
    signIn: (input) => session.signIn(input),
    chooseTokenStorage: (input) => session.chooseTokenStorage(input),
    startDemo: () => session.startDemo(),
    signOut: async (input) => {
      options.badge.set(0)
      await session.signOut(input)
    },

    listChats: () => ws().listChats(),
    setActiveChat: ({ chatId }) => ws().setActiveChat(chatId),
    markChatRead: ({ chatId }) => ws().markChatRead(chatId),
    setDraft: ({ chatId, text }) => ws().setDraft(chatId, text),

    listMessages: ({ chatId, limit }) => ws().listMessages(chatId, limit),
    loadOlderMessages: ({ chatId, beforeId, limit }) => ws().loadOlderMessages(chatId, beforeId, limit),
    sendMessage: ({ chatId, text, attachmentIds }) => ws().sendMessage(chatId, text, attachmentIds),
    retryMessage: ({ localId }) => ws().retryMessage(localId),
    discardMessage: ({ localId }) => ws().discardMessage(localId),
    cancelMessage: ({ localId }) => ws().cancelMessage(localId),
    editMessage: ({ chatId, messageId, text }) => ws().editMessage(chatId, messageId, text),
    deleteMessage: ({ chatId, messageId }) => ws().deleteMessage(chatId, messageId),
    reactToMessage: ({ chatId, messageId, type, operation }) =>
      ws().reactToMessage(chatId, messageId, type, operation),

    pickFiles: async () => {
      const workspace = ws()
      const results: StageResult[] = []
      for (const path of await options.shell.pickFiles()) results.push(await workspace.stagePath(path))
      return results
    },
    stageFileBytes: (input) => ws().stageFileBytes(input),
    unstageFile: ({ id }) => ws().unstageFile(id),
    openAttachment: async ({ chatId, attachmentId }) => {
      const file = await ws().attachmentFile(chatId, attachmentId)
      const decision = await decideOpen(file.path, file.mimeType)
      if (decision.action === 'open') {
        await options.shell.openPath(file.path)
        return { opened: true }
      }
      // A program or script a customer sent: never run it; show where it is and say why.
      logger.warn('attachment not opened: it could run', { attachment: attachmentId })
      options.shell.showItemInFolder(file.path)
      return { opened: false, reason: decision.reason }
    },
    saveAttachment: async ({ chatId, attachmentId }) => ({
      path: await ws().saveAttachmentCopy(chatId, attachmentId, options.shell.downloadsDir()),
    }),
    showAttachmentInFolder: async ({ chatId, attachmentId }) => {
      const file = await ws().attachmentFile(chatId, attachmentId)
      options.shell.showItemInFolder(file.path)
    },

    getSyncStatus: () => {
      const state = session.state()
      return state.status === 'signed-in' ? ws().sync.status() : SIGNED_OUT_SYNC
    },
    syncNow: () => ws().sync.syncNow(),
  }

  return {
    dispatch: createIpcRouter(handlers, logger),
    dispatchPreload: createRouter(
      preloadContract,
      { stageDroppedFile: ({ path }) => ws().stagePath(path) },
      logger,
    ),
    events,
    async resolveMedia(mediaPath) {
      if (session.state().status !== 'signed-in') return null
      return ws().resolveMedia(mediaPath)
    },
    async restore() {
      await session.restore()
    },
    demoSandbox: () => demoSandbox,
    reportDamage,
    async dispose() {
      await session.dispose()
    },
  }
}
