import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * Path of the installed Electron binary, or why there is none. Reads electron's path.txt instead of
 * requiring 'electron', because that require starts a download when the binary is missing.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const pkg = resolve('node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist')
  if (!relative)
    return {
      missing: `no Electron binary installed (${pathFile} is absent; it is downloaded on first run, which this machine cannot do)`,
    }
  const binary = join(distDir, relative)
  if (!existsSync(binary)) return { missing: `Electron binary ${binary} is not installed` }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'no display for Electron (run under xvfb-run)' }
  }
  return { path: binary }
}
