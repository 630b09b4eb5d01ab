// What the notification service needs from the system. Electron's adapters live in src/main/electron/notifier.ts;
// the Node twins (tests, web bridge) in ./recording.ts.

export interface NotificationContent {
  chatId: string
  title: string
  body: string
  /** 'chat:' + chatId: one notification per chat, so a newer one replaces the older. */
  tag: string
}

export interface ShownNotification {
  close(): void
}

export interface NotificationHandlers {
  onClick(): void
  /** The user replied from the notification (macOS, Windows); adapters without inline reply ignore it. */
  onReply(text: string): void
}

export interface Notifier {
  isSupported(): boolean
  /** Shows `content`, replacing any notification with the same tag (one per chat, grouped by chat). */
  show(content: NotificationContent, handlers: NotificationHandlers): ShownNotification
}

export interface Badge {
  set(count: number): void
}
