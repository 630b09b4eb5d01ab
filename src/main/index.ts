// Composition root of the Electron app: builds the plain-Node app core with the Electron adapters and wires
// it to the window, the tray, the badge and the OS's links. Nothing here holds logic of its own.
import { app, protocol, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { contentSecurityPolicy } from '../shared/csp'
import { createAppCore, type AppCore } from './services/app-core'
import { createLogger } from './services/log'
import { createConfKeyValue } from './services/vault/conf-key-value'
import { createKeytarVault } from './services/vault/keytar-vault'
import { RELAY_KEYCHAIN_SERVICE } from './services/team-relay/settings'
import { openSafeStorageVault } from './services/vault/safe-storage-vault'
import { createTokenStore } from './services/vault/token-store'
import { appUrlMatcher } from './services/window-policy'
import { appIcon } from './electron/app-icon'
import { APP_ORIGIN, appScheme, serveAppProtocol } from './electron/app-protocol'
import { electronBadge } from './electron/badge'
import { serveIpc } from './electron/ipc'
import { launchedAtLogin, electronLoginItem } from './electron/login-item'
import { mediaScheme, serveMediaProtocol } from './electron/media-protocol'
import { installAppMenu } from './electron/menu'
import { electronNotifier } from './electron/notifier'
import { electronPowerEvents } from './electron/power'
import { handleLinks, registerLinkScheme } from './electron/protocol'
import { electronEncryptor } from './electron/safe-storage'
import { hardenAllContents, hardenSession, sendContentSecurityPolicy } from './electron/security'
import { electronShell } from './electron/shell'
import { electronStoreEngine } from './electron/store-engine'
import { installTestHooks } from './electron/test-hooks'
import { createAppTray, type AppTray } from './electron/tray'
import { electronUpdater } from './electron/updater'
import { createMainWindow, defaultPreloadPath } from './electron/window'

// The built renderer is served as linq-app:// (electron/app-protocol.ts), the dev server as itself.
const devServer = process.env.ELECTRON_RENDERER_URL !== undefined
const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? `${APP_ORIGIN}/index.html`
const isAppUrl = appUrlMatcher(rendererUrl)
// The folder of the built renderer, or the dev server's origin (`npm run dev`).
const rendererBase = new URL('.', rendererUrl).href

if (!app.requestSingleInstanceLock()) {
  // Another Linq is running: it takes this one's link (or just comes forward), and this one quits.
  app.quit()
} else {
  let window: BrowserWindow | null = null
  let tray: AppTray | null = null
  let core: AppCore | null = null
  let quitting = false
  const logger = createLogger({ file: join(app.getPath('logs'), 'main.log') })
  protocol.registerSchemesAsPrivileged([mediaScheme, appScheme])
  if (process.platform === 'win32') app.setAppUserModelId('com.linqapp.desktop')
  const badge = electronBadge({ window: () => window, tray: () => tray })
  // Links that arrive before the app is ready (core, IPC, window) wait for it.
  const early: string[] = []
  const openLink = (url: string): boolean => (core ? core.openDeepLink(url) : (early.push(url), true))

  const openWindow = () => {
    window = createMainWindow({
      rendererUrl,
      preloadPath: defaultPreloadPath(import.meta.dirname),
      icon: appIcon(),
      logger,
      onDamage: (report) => core?.reportDamage(report),
    })
    badge.attach(window)
    // Closing the window keeps Linq running in the tray when the user chose so (Quit still quits).
    window.on('close', (event) => {
      if (quitting || !tray || !core?.settings().keepRunningInTray) return
      event.preventDefault()
      window?.hide()
    })
    window.on('closed', () => (window = null))
  }
  const showWindow = () => {
    if (!window) return openWindow()
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  handleLinks({ onLink: (url) => void openLink(url), onSecondInstance: showWindow })
  hardenAllContents(isAppUrl)
  app.on('before-quit', () => (quitting = true))

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession)
    const policy = contentSecurityPolicy({ delivery: 'header', devServer })
    if (devServer)
      sendContentSecurityPolicy(session.defaultSession, (url) => url.startsWith(rendererBase), policy)
    else serveAppProtocol(session.defaultSession, join(import.meta.dirname, '../renderer'), policy)
    registerLinkScheme()
    tray = createAppTray((command) => {
      if (command === 'quit') app.quit()
      else if (command === 'open') showWindow()
      else core?.open({ kind: 'new', to: [], text: '' })
    })
    const dataDir = app.getPath('userData')
    const notifier = electronNotifier(appIcon())
    const loginItem = electronLoginItem(logger)
    const created = await createAppCore({
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
      notifier,
      badge,
      shell: electronShell(),
      focusWindow: showWindow,
      onSettings: (settings) => loginItem.set(settings.launchAtLogin),
      updater: electronUpdater(logger),
      relayVault: createKeytarVault({ service: RELAY_KEYCHAIN_SERVICE }),
      power: electronPowerEvents(),
    })
    serveMediaProtocol(session.defaultSession, (path) => created.resolveMedia(path))
    // Reopening reads the keychain and the cache, not the network, so the window opens on the chats at once.
    await created.restore()
    serveIpc({
      dispatch: created.dispatch,
      dispatchPreload: created.dispatchPreload,
      events: created.events,
      window: () => window,
      isAppUrl,
    })
    installAppMenu((command) => {
      showWindow()
      created.events.emit('menuCommand', { command })
    })
    installTestHooks({
      tray: () => tray,
      badge: badge.view,
      notifications: notifier.live,
      openLink,
      demoSandbox: () => created.demoSandbox(),
    })
    core = created
    // Started by the OS at login with the tray kept: stay there until the user opens the window.
    if (!window && !(launchedAtLogin() && created.settings().keepRunningInTray)) openWindow()
    for (const url of early.splice(0)) created.openDeepLink(url)
  })

  app.on('activate', () => {
    if (core) showWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    tray?.destroy()
    void core?.dispose()
  })
}
