// Composition root of the Electron app: builds the plain-Node app core with the Electron adapters and wires
// it to the window. Nothing here holds logic of its own.
import { app, BrowserWindow, session } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createAppCore, type AppCore } from './services/app-core'
import { createLogger } from './services/log'
import { serveIpc } from './electron/ipc'
import { hardenAllContents, hardenSession } from './electron/security'
import { createMainWindow, defaultPreloadPath } from './electron/window'

const rendererUrl =
  process.env.ELECTRON_RENDERER_URL ??
  pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).toString()
const isAppUrl = (url: string): boolean =>
  url === rendererUrl || url.startsWith(rendererUrl + '#') || url.startsWith(rendererUrl + '?')

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let window: BrowserWindow | null = null
  let core: AppCore | null = null
  const logger = createLogger({ file: join(app.getPath('logs'), 'main.log') })

  const showWindow = () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  app.on('second-instance', showWindow)
  hardenAllContents(isAppUrl)

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession)
    core = await createAppCore({
      runtime: 'electron',
      dataDir: app.getPath('userData'),
      dataDirKind: 'user-data',
      logger,
      mediaSrc: (mediaPath) => `linq-media://media/${mediaPath}`,
      version: app.getVersion(),
    })
    window = createMainWindow({ rendererUrl, preloadPath: defaultPreloadPath(import.meta.dirname) })
    window.on('closed', () => (window = null))
    serveIpc({ dispatch: core.dispatch, events: core.events, window: () => window, isAppUrl })
  })

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && core) {
      window = createMainWindow({ rendererUrl, preloadPath: defaultPreloadPath(import.meta.dirname) })
    }
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void core?.dispose()
  })
}
