import { isExecutable, locateElectron } from '../../scripts/lib/electron-binary.mjs'

/**
 * Path of the Electron binary the tests launch, or why there is none: the same one `npm start` runs
 * (scripts/lib/electron-binary.mjs). It never downloads: without a binary the tests skip and say why.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const { via, path } = locateElectron()
  if (!path)
    return {
      missing:
        'no Electron binary installed (npm start downloads it, which this machine cannot do; or set ELECTRON_OVERRIDE_DIST_PATH)',
    }
  if (!isExecutable(path)) return { missing: `Electron binary ${path} (from ${via}) is not an executable` }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'no display for Electron (run under xvfb-run)' }
  }
  return { path }
}
