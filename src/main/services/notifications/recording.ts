// Node twins of the system notifier and badge: the web bridge (which has no system notifications) and tests
// use them, and tests read what the app asked for.
import type { Badge, NotificationContent, NotificationHandlers, Notifier } from './types'

export interface OpenNotification {
  content: NotificationContent
  handlers: NotificationHandlers
}

export interface RecordingNotifier extends Notifier {
  /** Every notification shown, oldest first, including ones since closed or replaced. */
  shown: NotificationContent[]
  /** What is on screen now, by tag. */
  open: Map<string, OpenNotification>
  /** Simulates the user clicking the notification with this tag (it is dismissed, as the OS does). */
  click(tag: string): void
  /** Simulates the user replying from the notification with this tag (dismissed too). */
  reply(tag: string, text: string): void
}

export interface RecordingBadge extends Badge {
  /** Every count written, oldest first. */
  history: number[]
  /** The count shown now (0 before any write). */
  readonly count: number
}

export function createRecordingNotifier(): RecordingNotifier {
  const shown: NotificationContent[] = []
  const open = new Map<string, OpenNotification>()
  const take = (tag: string): OpenNotification => {
    const entry = open.get(tag)
    if (!entry) throw new Error(`No open notification ${tag}`)
    open.delete(tag)
    return entry
  }
  return {
    shown,
    open,
    isSupported: () => true,
    show(content, handlers) {
      const entry: OpenNotification = { content, handlers }
      shown.push(content)
      // Same tag: the newer replaces the older, as the OS does.
      open.set(content.tag, entry)
      return {
        close() {
          // A replaced notification's close must not remove its successor.
          if (open.get(content.tag) === entry) open.delete(content.tag)
        },
      }
    },
    click(tag) {
      take(tag).handlers.onClick()
    },
    reply(tag, text) {
      take(tag).handlers.onReply(text)
    },
  }
}

export function createRecordingBadge(): RecordingBadge {
  const history: number[] = []
  return {
    history,
    get count() {
      return history.at(-1) ?? 0
    },
    set(count) {
      history.push(count)
    },
  }
}
