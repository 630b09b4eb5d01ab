// What the Electron tests (test/electron) need to reach inside the main process: the tray's menu, the badge,
// the live notifications and the link handler. Installed only when LINQ_TEST_HOOKS=1 (the tests set it), as
// globalThis.linqTestHooks, read with electronApp.evaluate(). The OS cannot be clicked from a test: these
// drive the same Electron objects and handlers a real click would.
import { Notification } from 'electron'
import type { Sandbox } from '../../sandbox'
import type { BadgeView } from '../services/notifications/badge'
import type { TrayCommand } from '../services/tray-menu'
import type { AppTray } from './tray'

export interface TestHooks {
  trayMenu(): string[]
  runTray(command: TrayCommand): void
  badge(): BadgeView
  notificationTags(): string[]
  clickNotification(tag: string): void
  replyToNotification(tag: string, text: string): void
  openLink(url: string): boolean
  /** A customer of the demo workspace writes (its in-process sandbox), as the e2e suite does through Node. */
  customerWrites(chatId: string, text: string): void
  notificationsSupported(): boolean
}

export function installTestHooks(parts: {
  tray: () => AppTray | null
  badge: () => BadgeView
  notifications: ReadonlyMap<string, Notification>
  openLink: (url: string) => boolean
  demoSandbox: () => Sandbox | null
}): void {
  if (process.env.LINQ_TEST_HOOKS !== '1') return
  const live = (tag: string) => {
    const notification = parts.notifications.get(tag)
    if (!notification) throw new Error(`No notification ${tag} is showing`)
    return notification
  }
  const hooks: TestHooks = {
    trayMenu: () => parts.tray()?.menuLabels() ?? [],
    runTray: (command) => parts.tray()?.run(command),
    badge: parts.badge,
    notificationTags: () => [...parts.notifications.keys()],
    clickNotification: (tag) => void live(tag).emit('click'),
    replyToNotification: (tag, text) => void live(tag).emit('reply', { reply: text }, text),
    openLink: parts.openLink,
    customerWrites(chatId, text) {
      const sandbox = parts.demoSandbox()
      if (!sandbox) throw new Error('The demo workspace is not open')
      sandbox.simulate.inboundMessage(Number(chatId), { text })
    },
    notificationsSupported: () => Notification.isSupported(),
  }
  ;(globalThis as { linqTestHooks?: TestHooks }).linqTestHooks = hooks
}
