// Requests from outside the window to open something (a notification click, a linq-desktop:// link, the tray's
// New chat). Each is announced to the window as an event; it is also kept until a window takes it, because it
// may come before any window listens (the app started by the link) or while the window is closed to the tray.
import type { OpenRequest } from '../../shared/domain'
import type { EventHub } from './events'

/** A request nobody took within this long is stale: opening it later would surprise the user. */
export const KEEP_OPEN_REQUEST_MS = 5 * 60_000

export interface OpenRequests {
  open(request: OpenRequest): void
  /** The request no window has taken yet, once, or null. */
  take(): OpenRequest | null
}

export function createOpenRequests(options: { events: EventHub; now?: () => number }): OpenRequests {
  const now = options.now ?? Date.now
  let pending: { request: OpenRequest; at: number } | null = null
  return {
    open(request) {
      // The newest wins: the user's last click is what they expect to see.
      pending = { request, at: now() }
      if (request.kind === 'chat') options.events.emit('openChat', { chatId: request.chatId })
      else options.events.emit('openNewChat', { to: request.to, text: request.text })
    },
    take() {
      const taken = pending
      pending = null
      return taken && now() - taken.at <= KEEP_OPEN_REQUEST_MS ? taken.request : null
    },
  }
}
