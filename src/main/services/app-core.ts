// Everything the main process does, independent of Electron: the services, the IPC handlers over them and
// the router. The Electron composition root (src/main/index.ts) and the web bridge (src/main/web/start.ts)
// each build one of these with their own adapters.
import { readFileSync } from 'node:fs'
import { AppError } from '../../shared/errors'
import type { AppInfo, Settings } from '../../shared/domain'
import { appInfo } from './app-info'
import { createEventHub, type EventHub } from './events'
import { createIpcRouter, type Dispatch, type Handlers } from './ipc-router'
import type { Logger } from './log'

export interface MediaFile {
  path: string
  mimeType: string
  sizeBytes: number
}

export interface AppCoreOptions {
  runtime: AppInfo['runtime']
  dataDir: string
  dataDirKind: AppInfo['dataDirKind']
  logger: Logger
  /** Turns a media path ('attachment/<chat>/<id>', 'staged/<id>') into a URL the renderer may load. */
  mediaSrc: (mediaPath: string) => string
  version?: string
}

export interface AppCore {
  dispatch: Dispatch
  events: EventHub
  resolveMedia(mediaPath: string): Promise<MediaFile | null>
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
  const { logger } = options
  const events = createEventHub()
  const info = appInfo({
    version: options.version ?? packageVersion(),
    runtime: options.runtime,
    dataDirKind: options.dataDirKind,
  })
  let settings: Settings = { notificationsEnabled: true, notificationPreviews: true }

  const notSignedIn = (): never => {
    throw new AppError('not-signed-in', 'Sign in or open the demo workspace first.')
  }

  const handlers: Handlers = {
    getAppInfo: () => info,
    reportPresence: () => undefined,
    openExternal: () => notSignedIn(),
    getSettings: () => settings,
    updateSettings: (input) => (settings = { ...settings, ...input }),
    getSession: () => ({ status: 'signed-out' }),
    signIn: () => notSignedIn(),
    chooseTokenStorage: () => notSignedIn(),
    startDemo: () => notSignedIn(),
    signOut: () => undefined,
    listChats: () => notSignedIn(),
    setActiveChat: () => notSignedIn(),
    markChatRead: () => notSignedIn(),
    setDraft: () => notSignedIn(),
    listMessages: () => notSignedIn(),
    loadOlderMessages: () => notSignedIn(),
    sendMessage: () => notSignedIn(),
    retryMessage: () => notSignedIn(),
    discardMessage: () => notSignedIn(),
    cancelMessage: () => notSignedIn(),
    editMessage: () => notSignedIn(),
    deleteMessage: () => notSignedIn(),
    reactToMessage: () => notSignedIn(),
    stageFilePath: () => notSignedIn(),
    stageFileBytes: () => notSignedIn(),
    unstageFile: () => notSignedIn(),
    openAttachment: () => notSignedIn(),
    saveAttachment: () => notSignedIn(),
    showAttachmentInFolder: () => notSignedIn(),
    getSyncStatus: () => ({ state: 'signed-out', nextRetryAt: null, detail: null, lastSyncedAt: null }),
    syncNow: () => notSignedIn(),
  }

  return {
    dispatch: createIpcRouter(handlers, logger),
    events,
    resolveMedia: async () => null,
    async dispose() {},
  }
}
