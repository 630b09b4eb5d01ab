// electron-updater as the updater's engine (services/updater/updater.ts decides when and from where). Loaded
// only in an installed build: it reads the build's app-update.yml, and downloads in the background.
import { app } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../services/log'
import type { UpdaterEngine, UpdaterEvent } from '../services/updater/updater'

export function electronUpdater(logger: Logger): UpdaterEngine {
  const listeners = new Set<(event: UpdaterEvent) => void>()
  const emit = (event: UpdaterEvent) => listeners.forEach((listener) => listener(event))
  let loaded: Promise<typeof import('electron-updater').autoUpdater> | null = null
  let settingsFeed: string | null = null
  const updater = () =>
    (loaded ??= import('electron-updater').then(({ autoUpdater }) => {
      autoUpdater.logger = null
      autoUpdater.autoDownload = true
      // Only once the window has told the user (acknowledge), never silently.
      autoUpdater.autoInstallOnAppQuit = false
      autoUpdater.on('update-available', (info) => emit({ type: 'available', version: info.version }))
      autoUpdater.on('update-not-available', () => emit({ type: 'none' }))
      autoUpdater.on('update-downloaded', (info) => emit({ type: 'downloaded', version: info.version }))
      autoUpdater.on('error', (error) => emit({ type: 'error', message: error.message }))
      return autoUpdater
    }))
  return {
    packaged: app.isPackaged,
    builtInFeed: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
    async check(feed) {
      const autoUpdater = await updater()
      // electron-updater cannot go back from a set feed to the build's own one without a restart.
      if (!feed && settingsFeed) throw new Error('Restart Linq to use the update feed it was built with.')
      if (feed && feed !== settingsFeed) autoUpdater.setFeedURL({ provider: 'generic', url: feed })
      settingsFeed = feed
      await autoUpdater.checkForUpdates()
    },
    installOnQuit(enabled) {
      void updater().then((autoUpdater) => (autoUpdater.autoInstallOnAppQuit = enabled))
    },
    quitAndInstall() {
      logger.info('installing the downloaded update now')
      void updater().then((autoUpdater) => autoUpdater.quitAndInstall(false, true))
    },
    onEvent: (listener) => void listeners.add(listener),
  }
}
