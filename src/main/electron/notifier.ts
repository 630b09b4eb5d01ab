// System notifications and the dock/taskbar badge through Electron. One notification per chat: it carries
// the chat's tag as its id (a newer one replaces it in the notification centre on macOS and Windows) and as its
// group (macOS threads, Windows groups, under the chat's name); elsewhere the older one is closed first.
import { Notification, type NativeImage } from 'electron'
import type { Notifier } from '../services/notifications/types'

/** Inline reply in the notification: macOS, and Windows toasts (Electron 45). */
const CAN_REPLY = process.platform === 'darwin' || process.platform === 'win32'

export function electronNotifier(icon: NativeImage): Notifier & { live: ReadonlyMap<string, Notification> } {
  // Held so a shown notification is not garbage-collected (its click would be lost) until it is gone.
  const live = new Map<string, Notification>()
  return {
    live,
    isSupported: () => Notification.isSupported(),
    show(content, handlers) {
      live.get(content.tag)?.close()
      const notification = new Notification({
        id: content.tag,
        groupId: content.tag,
        groupTitle: content.title,
        title: content.title,
        body: content.body,
        icon,
        silent: false,
        hasReply: CAN_REPLY,
        replyPlaceholder: 'Reply',
      })
      // 'close' is not emitted in every case, so each way out forgets the notification itself.
      const forget = () => {
        if (live.get(content.tag) === notification) live.delete(content.tag)
      }
      live.set(content.tag, notification)
      notification.on('click', () => {
        forget()
        handlers.onClick()
      })
      notification.on('reply', (details) => {
        forget()
        handlers.onReply(details.reply)
      })
      notification.on('close', forget)
      notification.on('failed', forget)
      notification.show()
      return {
        close() {
          forget()
          notification.close()
        },
      }
    },
  }
}
