// What the installed app adds: updates, and the open requests (a notification, a link, the tray's New chat)
// a window takes when it starts or comes back from the tray.
import type { HandlerContext, HandlerGroup } from './context'

export function desktopHandlers(
  ctx: HandlerContext,
): HandlerGroup<'getUpdateStatus' | 'acknowledgeUpdate' | 'installUpdate' | 'takeOpenRequest'> {
  return {
    getUpdateStatus: () => ctx.updater.status(),
    acknowledgeUpdate: () => ctx.updater.acknowledge(),
    installUpdate: () => ctx.updater.installNow(),
    takeOpenRequest: () => ctx.openRequests.take(),
  }
}
