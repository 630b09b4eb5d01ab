// Team relay (issue 21): the open workspace's relay setting, its status, and a connection test.
import type { HandlerContext, HandlerGroup } from './context'

export function relayHandlers(
  ctx: HandlerContext,
): HandlerGroup<'getTeamRelay' | 'setTeamRelay' | 'clearTeamRelay' | 'testTeamRelay'> {
  return {
    getTeamRelay: () => ctx.workspace().teamRelayStatus(),
    setTeamRelay: (input) => ctx.workspace().setTeamRelay(input),
    clearTeamRelay: () => ctx.workspace().clearTeamRelay(),
    testTeamRelay: (input) => ctx.workspace().testTeamRelay(input),
  }
}
