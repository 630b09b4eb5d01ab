// Launch at login: Electron's login items on macOS and Windows, an XDG autostart entry on Linux
// (services/autostart.ts). Only for an installed build: a development run must never register itself.
import { app } from 'electron'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { LOGIN_ARG, setAutostart } from '../services/autostart'
import type { Logger } from '../services/log'

export function electronLoginItem(logger: Logger): { set(enabled: boolean): void } {
  return {
    set(enabled) {
      if (!app.isPackaged) return
      if (process.platform === 'linux') {
        const configHome = process.env.XDG_CONFIG_HOME || join(homedir(), '.config')
        const executable = process.env.APPIMAGE || process.execPath
        setAutostart({ configHome, executable, enabled }).catch((error: unknown) =>
          logger.warn('launch at login not changed', { error: String(error) }),
        )
        return
      }
      // Compared first, so a choice the user made in the OS's own settings is not undone at every start.
      if (app.getLoginItemSettings({ args: [LOGIN_ARG] }).openAtLogin === enabled) return
      app.setLoginItemSettings({ openAtLogin: enabled, args: [LOGIN_ARG] })
    },
  }
}

/** This run was started by the OS at login (so it may stay in the tray). */
export function launchedAtLogin(): boolean {
  return process.argv.includes(LOGIN_ARG) || app.getLoginItemSettings().wasOpenedAtLogin === true
}
