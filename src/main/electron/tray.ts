// The tray (menu-bar) icon: Open, New Chat and Quit (services/tray-menu.ts), the unread count in its tooltip,
// menu and (macOS) title. Clicking the icon opens the window on Windows and Linux, as users expect there.
import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
import { badgeView, type BadgeView } from '../services/notifications/badge'
import { trayMenu, trayTooltip, type TrayCommand } from '../services/tray-menu'

export interface AppTray {
  setUnread(view: BadgeView): void
  /** The menu as shown, for the Electron tests. */
  menuLabels(): string[]
  run(command: TrayCommand): void
  destroy(): void
}

function trayIcon() {
  const resources = join(app.getAppPath(), 'resources')
  // macOS tints a "Template" image for light and dark menu bars; elsewhere the coloured icon.
  if (process.platform === 'darwin')
    return nativeImage.createFromPath(join(resources, 'tray', 'trayTemplate.png'))
  return nativeImage.createFromPath(
    join(resources, 'icons', process.platform === 'win32' ? '16x16.png' : '32x32.png'),
  )
}

export function createAppTray(run: (command: TrayCommand) => void): AppTray {
  const tray = new Tray(trayIcon())
  let view = badgeView(0)
  let items: MenuItemConstructorOptions[] = []
  const render = () => {
    items = trayMenu(view).map((item): MenuItemConstructorOptions => {
      if (item.kind === 'separator') return { type: 'separator' }
      if (item.kind === 'info') return { label: item.label, enabled: false }
      return { label: item.label, click: () => run(item.command) }
    })
    tray.setContextMenu(Menu.buildFromTemplate(items))
    tray.setToolTip(trayTooltip(view))
    if (process.platform === 'darwin') tray.setTitle(view.label)
  }
  if (process.platform !== 'darwin') tray.on('click', () => run('open'))
  render()
  return {
    setUnread(next) {
      if (next.count === view.count) return
      view = next
      render()
    },
    menuLabels: () => items.map((item) => (item.type === 'separator' ? '—' : String(item.label))),
    run,
    destroy: () => tray.destroy(),
  }
}
