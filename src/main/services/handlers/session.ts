// Signing in and out, the demo, and sync status (which is the session's until a workspace is open).
import { SIGNED_OUT_SYNC } from '../../../shared/domain'
import type { HandlerContext, HandlerGroup } from './context'

export function sessionHandlers(
  ctx: HandlerContext,
): HandlerGroup<
  'getSession' | 'signIn' | 'chooseTokenStorage' | 'startDemo' | 'signOut' | 'getSyncStatus' | 'syncNow'
> {
  const { session } = ctx
  return {
    getSession: () => session.state(),
    signIn: (input) => session.signIn(input),
    chooseTokenStorage: (input) => session.chooseTokenStorage(input),
    startDemo: () => session.startDemo(),
    signOut: async (input) => {
      ctx.badge.set(0)
      await session.signOut(input)
    },
    getSyncStatus: () =>
      session.state().status === 'signed-in' ? ctx.workspace().syncStatus() : SIGNED_OUT_SYNC,
    syncNow: () => ctx.workspace().syncNow(),
  }
}
