// Remembers the main window's size and position between runs, and keeps it on a visible display. The file
// and its checks are plain Node (services/window-state.ts); this adds the displays and the window's events.
import { app, screen, type BrowserWindow } from 'electron'
import type { OnDamage } from '../services/persist/documents'
import { openWindowState } from '../services/window-state'
import type { Logger } from '../services/log'
import { electronStoreEngine } from './store-engine'

export function createWindowState(options: { logger: Logger; onDamage?: OnDamage }) {
  const file = openWindowState({
    engine: electronStoreEngine,
    dir: app.getPath('userData'),
    logger: options.logger,
    onDamage: options.onDamage,
  })
  const save = (window: BrowserWindow) => {
    if (window.isDestroyed()) return
    const normal = !window.isMaximized() && !window.isMinimized()
    file.save({ maximized: window.isMaximized(), ...(normal ? { bounds: window.getBounds() } : {}) })
  }
  const areas = () => screen.getAllDisplays().map((display) => display.workArea)

  return {
    initialBounds: () => file.initialBounds(areas()),
    wasMaximized: () => file.wasMaximized(),
    track(window: BrowserWindow): void {
      let timer: NodeJS.Timeout | undefined
      const later = () => {
        clearTimeout(timer)
        timer = setTimeout(() => save(window), 300)
      }
      window.on('resize', later)
      window.on('move', later)
      window.on('close', () => {
        clearTimeout(timer)
        save(window)
      })
    },
  }
}
