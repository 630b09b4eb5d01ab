// What the IPC handlers act on. Each handler file covers one feature's channels of the contract (its
// return type names them); table.ts puts them together into the one table the router dispatches to, and
// the compiler checks that every channel has a handler. A new feature's channels go in a new file here,
// spread into table.ts.
import type { AppInfo, Settings } from '../../../shared/domain'
import type { AppSettings } from '../app-file'
import type { Handlers } from '../ipc-router'
import type { Logger } from '../log'
import type { createNotices } from '../notices'
import type { Badge } from '../notifications/types'
import type { OpenRequests } from '../open-requests'
import type { Session } from '../session/session'
import type { Shell } from '../shell'
import type { Updater } from '../updater/updater'
import type { OpenWorkspace } from '../workspace/workspace'

export interface HandlerContext {
  info: AppInfo
  notices: ReturnType<typeof createNotices>
  settings: AppSettings
  session: Session<OpenWorkspace>
  /** The open workspace; throws AppError('not-signed-in') when there is none. */
  workspace(): OpenWorkspace
  shell: Shell
  badge: Badge
  logger: Logger
  updater: Updater
  openRequests: OpenRequests
  /** Applies changed settings outside the app (tray, login item) and to the updater. */
  settingsChanged(settings: Settings): void
}

/** The handlers of some channels: one feature's part of the table. */
export type HandlerGroup<C extends keyof Handlers> = Pick<Handlers, C>
