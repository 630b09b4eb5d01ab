// The unread count outside the window, from the one total the chat list shows (services/notifications/
// badge.ts): the dock badge on macOS, the launcher count on Linux (Unity's API, where the desktop has it), the
// taskbar overlay on Windows, and the tray everywhere.
import { app, nativeImage, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { badgeView, type BadgeView } from '../services/notifications/badge'
import type { Badge } from '../services/notifications/types'
import type { AppTray } from './tray'

export interface ElectronBadge extends Badge {
  /** What is shown now (the Electron tests read it). */
  view(): BadgeView
  /** Shows the current count on a window that was just created (the overlay belongs to a window). */
  attach(window: BrowserWindow): void
}

function overlay(window: BrowserWindow, view: BadgeView): void {
  if (process.platform !== 'win32' || window.isDestroyed()) return
  const image = view.overlay
    ? nativeImage.createFromPath(
        join(app.getAppPath(), 'resources', 'badges', `${view.overlay.replace('+', '-plus')}.png`),
      )
    : null
  window.setOverlayIcon(image, view.count > 0 ? view.description : '')
}

export function electronBadge(options: {
  window: () => BrowserWindow | null
  tray: () => AppTray | null
}): ElectronBadge {
  let current = badgeView(0)
  return {
    set(count) {
      current = badgeView(count)
      if (process.platform === 'darwin') app.dock?.setBadge(current.label)
      // Returns false where the platform has no badge (most Linux desktops): the tray still shows it.
      else if (process.platform === 'linux') app.setBadgeCount(current.count)
      const window = options.window()
      if (window) overlay(window, current)
      options.tray()?.setUnread(current)
    },
    view: () => current,
    attach: (window) => overlay(window, current),
  }
}
