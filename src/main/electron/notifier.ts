// System notifications and the dock/taskbar badge through Electron.
import { app, Notification, type NativeImage } from 'electron'
import type { Badge, Notifier } from '../services/notifications/types'

export function electronNotifier(icon: NativeImage): Notifier {
  // Held so a shown notification is not garbage-collected (its click would be lost) until it is gone.
  const live = new Map<string, Notification>()
  return {
    isSupported: () => Notification.isSupported(),
    show(content, onClick) {
      live.get(content.tag)?.close()
      const notification = new Notification({ title: content.title, body: content.body, icon, silent: false })
      // 'close' is not emitted in every case, so each way out forgets the notification itself.
      const forget = () => {
        if (live.get(content.tag) === notification) live.delete(content.tag)
      }
      live.set(content.tag, notification)
      notification.on('click', () => {
        forget()
        onClick()
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

export function electronBadge(): Badge {
  // Returns false where the platform has no badge (most Linux desktops): nothing else to do there.
  return { set: (count) => void app.setBadgeCount(count) }
}
