// The app's own channels: about, notices, presence, links and settings.
import { openExternalChecked } from '../shell'
import type { HandlerContext, HandlerGroup } from './context'

export function appHandlers(
  ctx: HandlerContext,
): HandlerGroup<
  'getAppInfo' | 'takeNotices' | 'reportPresence' | 'openExternal' | 'getSettings' | 'updateSettings'
> {
  return {
    getAppInfo: () => ctx.info,
    takeNotices: () => ctx.notices.take(),
    reportPresence: (input) => {
      // Signed out, nothing polls, so presence does not matter.
      if (ctx.session.state().status === 'signed-in') ctx.workspace().setPresence(input)
    },
    openExternal: ({ url }) => openExternalChecked(ctx.shell, url),
    getSettings: () => ctx.settings.settings(),
    updateSettings: (input) => {
      const settings = ctx.settings.updateSettings(input)
      ctx.settingsChanged(settings)
      return settings
    },
  }
}
