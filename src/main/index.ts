// Composition root of the Electron app: builds the plain-Node app core with the Electron adapters and wires
// it to the window. Nothing here holds logic of its own.
import { app, BrowserWindow, session } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { contentSecurityPolicy } from '../shared/csp'
import { createAppCore, type AppCore } from './services/app-core'
import { createLogger } from './services/log'
import { createConfKeyValue } from './services/vault/conf-key-value'
import { createKeytarVault } from './services/vault/keytar-vault'
import { openSafeStorageVault } from './services/vault/safe-storage-vault'
import { createTokenStore } from './services/vault/token-store'
import { appUrlMatcher } from './services/window-policy'
import { appIcon } from './electron/app-icon'
import { serveIpc } from './electron/ipc'
import { registerMediaScheme, serveMediaProtocol } from './electron/media-protocol'
import { installAppMenu } from './electron/menu'
import { electronBadge, electronNotifier } from './electron/notifier'
import { electronEncryptor } from './electron/safe-storage'
import { hardenAllContents, hardenSession, sendContentSecurityPolicy } from './electron/security'
import { electronShell } from './electron/shell'
import { electronStoreEngine } from './electron/store-engine'
import { createMainWindow, defaultPreloadPath } from './electron/window'

const rendererUrl =
  process.env.ELECTRON_RENDERER_URL ??
  pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).toString()
const isAppUrl = appUrlMatcher(rendererUrl)
// The folder of the built renderer, or the dev server's origin (`npm run dev`).
const rendererBase = new URL('.', rendererUrl).href
const devServer = process.env.ELECTRON_RENDERER_URL !== undefined

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let window: BrowserWindow | null = null
  let core: AppCore | null = null
  const logger = createLogger({ file: join(app.getPath('logs'), 'main.log') })
  registerMediaScheme()

  const openWindow = () => {
    window = createMainWindow({
      rendererUrl,
      preloadPath: defaultPreloadPath(import.meta.dirname),
      icon: appIcon(),
      logger,
      onDamage: (report) => core?.reportDamage(report),
    })
    window.on('closed', () => (window = null))
  }
  const showWindow = () => {
    if (!window) return openWindow()
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  app.on('second-instance', showWindow)
  hardenAllContents(isAppUrl)

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession)
    sendContentSecurityPolicy(
      session.defaultSession,
      (url) => url.startsWith(rendererBase),
      contentSecurityPolicy({ delivery: 'header', devServer }),
    )
    const dataDir = app.getPath('userData')
    core = await createAppCore({
      runtime: 'electron',
      dataDir,
      dataDirKind: 'user-data',
      logger,
      mediaSrc: (mediaPath) => `linq-media://media/${mediaPath}`,
      version: app.getVersion(),
      engine: electronStoreEngine,
      tokenStore: createTokenStore({
        keychain: createKeytarVault(),
        logger,
        safeStorage: () =>
          openSafeStorageVault(electronEncryptor(), createConfKeyValue({ cwd: dataDir, name: 'tokens' })),
      }),
      notifier: electronNotifier(appIcon()),
      badge: electronBadge(),
      shell: electronShell(),
      focusWindow: showWindow,
    })
    const media = core.resolveMedia
    serveMediaProtocol(session.defaultSession, (path) => media(path))
    // Reopening reads the keychain and the cache, not the network, so the window opens on the chats at once.
    await core.restore()
    serveIpc({
      dispatch: core.dispatch,
      dispatchPreload: core.dispatchPreload,
      events: core.events,
      window: () => window,
      isAppUrl,
    })
    const events = core.events
    installAppMenu((command) => {
      showWindow()
      events.emit('menuCommand', { command })
    })
    openWindow()
  })

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && core) openWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void core?.dispose()
  })
}
