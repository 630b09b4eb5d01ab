// Remembers the main window's size and position between runs, and keeps it on a visible display.
import { screen, type BrowserWindow, type Rectangle } from 'electron'
import Store from 'electron-store'

interface WindowState {
  bounds: Rectangle | null
  maximized: boolean
}

const DEFAULT_SIZE = { width: 1100, height: 760 }

export function createWindowState() {
  const store = new Store<WindowState>({ name: 'window-state', defaults: { bounds: null, maximized: false } })

  const visible = (bounds: Rectangle): boolean =>
    screen
      .getAllDisplays()
      .some(
        ({ workArea: area }) =>
          bounds.x < area.x + area.width &&
          bounds.x + bounds.width > area.x &&
          bounds.y < area.y + area.height &&
          bounds.y + bounds.height > area.y,
      )

  return {
    initialBounds(): Partial<Rectangle> {
      const saved = store.get('bounds')
      return saved && visible(saved) ? saved : DEFAULT_SIZE
    },
    wasMaximized: () => store.get('maximized'),
    track(window: BrowserWindow): void {
      let timer: NodeJS.Timeout | undefined
      const save = () => {
        clearTimeout(timer)
        timer = setTimeout(() => {
          if (window.isDestroyed()) return
          store.set('maximized', window.isMaximized())
          if (!window.isMaximized() && !window.isMinimized()) store.set('bounds', window.getBounds())
        }, 300)
      }
      window.on('resize', save)
      window.on('move', save)
      window.on('close', () => {
        clearTimeout(timer)
        store.set('maximized', window.isMaximized())
        if (!window.isMaximized() && !window.isMinimized()) store.set('bounds', window.getBounds())
      })
    },
  }
}
