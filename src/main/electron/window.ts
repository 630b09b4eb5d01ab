import { BrowserWindow, type NativeImage } from 'electron'
import { join } from 'node:path'
import type { Logger } from '../services/log'
import type { OnDamage } from '../services/persist/documents'
import { createWindowState } from './window-state'

export interface MainWindowOptions {
  /** Renderer entry: the dev server URL, or the built index.html. */
  rendererUrl: string
  preloadPath: string
  icon: NativeImage
  logger: Logger
  /** A damaged window-state.json was set aside. */
  onDamage?: OnDamage
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = createWindowState({ logger: options.logger, onDamage: options.onDamage })
  const window = new BrowserWindow({
    ...state.initialBounds(),
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Linq',
    icon: options.icon,
    backgroundColor: '#00000000',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: true,
      // Middle-click would otherwise open links in a new window, bypassing will-navigate.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  state.track(window)
  window.once('ready-to-show', () => {
    if (state.wasMaximized()) window.maximize()
    window.show()
  })
  void window.loadURL(options.rendererUrl)
  return window
}

export const defaultPreloadPath = (mainDir: string): string => join(mainDir, '../preload/index.cjs')
