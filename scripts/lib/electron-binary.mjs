// Where the Electron binary for `npm start`, `npm run dev` and the _electron tests comes from, and what to
// say when there is none. Plain Node with no dependencies: scripts/ensure-electron.mjs runs it before anything
// is built, and test/electron imports it, so the start step and the tests agree on which Electron is used.
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

const require = createRequire(import.meta.url)

/** node_modules/electron: its package.json, its installer (install.js) and, once downloaded, dist/ and path.txt. */
export function electronPackageDir() {
  return dirname(require.resolve('electron/package.json'))
}

/** The executable inside an Electron dist folder, as electron's install.js writes it to path.txt. */
export function executableInDist(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron'
  return platform === 'win32' ? 'electron.exe' : 'electron'
}

function readOptional(path) {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return ''
  }
}

/**
 * The Electron to run. A local one the user points at wins: ELECTRON_EXEC_PATH (the executable, which
 * electron-vite reads) or ELECTRON_OVERRIDE_DIST_PATH (its folder, which electron's own index.js reads but
 * electron-vite does not). Otherwise electron's download in node_modules, whose path is null until
 * electron's installer has written path.txt.
 */
export function locateElectron({
  env = process.env,
  platform = process.platform,
  packageDir = electronPackageDir(),
} = {}) {
  if (env.ELECTRON_EXEC_PATH) return { via: 'ELECTRON_EXEC_PATH', path: resolve(env.ELECTRON_EXEC_PATH) }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = resolve(env.ELECTRON_OVERRIDE_DIST_PATH, executableInDist(platform))
    return { via: 'ELECTRON_OVERRIDE_DIST_PATH', path }
  }
  const relative = readOptional(join(packageDir, 'path.txt'))
  return { via: 'node_modules/electron', path: relative ? join(packageDir, 'dist', relative) : null }
}

/** Whether `path` is a file this user may execute. */
export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** The version of electron in node_modules, which is the version its installer downloads. */
export function electronVersion(packageDir = electronPackageDir()) {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version
}

/**
 * The one line that says why electron's installer failed: the first line of what it printed (it prints the
 * error's stack), without the stack and without the error class's name.
 */
export function installerReason(stderr, exit) {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at '))
  if (line) return line.replace(/^[A-Za-z]*Error: /, '')
  return exit.signal
    ? `the installer was stopped by ${exit.signal}`
    : `the installer exited with code ${exit.code}`
}

/** What `npm start` prints when the binary could not be downloaded: what happened, why, and what to do. */
export function downloadFailedMessage(version, reason) {
  return [
    `Electron's binary (Electron ${version}) could not be downloaded, so the app cannot open.`,
    `  Why: ${reason}`,
    '  What you can do:',
    '  - run the same app in your browser, without Electron:  npm run preview:web',
    `  - or use an Electron ${version.split('.')[0]} you already have, by its folder (the one that holds the`,
    '    electron executable):  ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start',
    '  - or try again once the download can get through (proxies and mirrors:',
    '    https://www.electronjs.org/docs/latest/tutorial/installation)',
  ].join('\n')
}

/** What `npm start` prints when the local Electron it was pointed at is not there. */
export function notExecutableMessage(via, path) {
  return `${via} points at ${path}, which is not an executable Electron. Set it to ${
    via === 'ELECTRON_EXEC_PATH' ? 'the electron executable' : 'the folder that holds the electron executable'
  }, or unset it to download Electron.`
}
