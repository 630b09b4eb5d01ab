// The IPC handler table: every channel of the contract, one feature file each (see context.ts).
import type { Handlers } from '../ipc-router'
import { appHandlers } from './app'
import { attachmentHandlers } from './attachments'
import type { HandlerContext } from './context'
import { conversationHandlers } from './conversations'
import { desktopHandlers } from './desktop'
import { messagingHandlers } from './messaging'
import { relayHandlers } from './team-relay'
import { searchHandlers } from './search'
import { sessionHandlers } from './session'

export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...sessionHandlers(ctx),
    ...messagingHandlers(ctx),
    ...attachmentHandlers(ctx),
    ...desktopHandlers(ctx),
    ...conversationHandlers(ctx),
    ...relayHandlers(ctx),
    ...searchHandlers(ctx),
  }
}
