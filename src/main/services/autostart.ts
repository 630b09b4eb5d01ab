// Launch at login on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart entry,
// ~/.config/autostart/linq-desktop.desktop (https://specifications.freedesktop.org/autostart-spec/), which
// desktops start at login. macOS and Windows use Electron's login items (src/main/electron/login-item.ts).
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const AUTOSTART_FILE = 'linq-desktop.desktop'
/** Passed by a launch at login, so the app can start in the tray instead of opening its window. */
export const LOGIN_ARG = '--launched-at-login'

/** One argument of an Exec line, quoted as the Desktop Entry spec requires when it must be. */
export function execArgument(arg: string): string {
  const escaped = arg.replace(/%/g, '%%')
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escaped)) return escaped
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Linq',
    'Comment=iMessage, SMS and RCS from your Linq numbers',
    `Exec=${[executable, LOGIN_ARG].map(execArgument).join(' ')}`,
    'Icon=linq-desktop',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/** Writes or removes the entry. `executable`: the AppImage itself ($APPIMAGE), else the installed binary. */
export async function setAutostart(options: {
  configHome: string
  executable: string
  enabled: boolean
}): Promise<void> {
  const dir = join(options.configHome, 'autostart')
  const file = join(dir, AUTOSTART_FILE)
  if (!options.enabled) return rm(file, { force: true })
  await mkdir(dir, { recursive: true })
  await writeFile(file, autostartEntry(options.executable), { mode: 0o644 })
}
