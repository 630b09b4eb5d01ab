// What the notification service needs from the system. Electron's adapters live in src/main/electron/notifier.ts;
// the Node twins (tests, web bridge) in ./recording.ts.

export interface NotificationContent {
  chatId: string
  title: string
  body: string
  /** One notification per chat: a newer one replaces the older. */
  tag: string
}

export interface Notifier {
  isSupported(): boolean
  show(content: NotificationContent, onClick: () => void): { close(): void }
}

export interface Badge {
  set(count: number): void
}
