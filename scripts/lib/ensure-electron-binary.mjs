// Makes sure there is an Electron binary before `npm start`, `npm run dev` or `npm run dist` goes on: a local
// one the user points at, electron's download in node_modules, or else electron's own installer run now
// (electron 45 has no install script). A download that cannot happen ends the command with a short message
// (what, why, what to do) instead of a stack.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  downloadFailedMessage,
  electronPackageDir,
  electronVersion,
  installerReason,
  isExecutable,
  locateElectron,
  notExecutableMessage,
} from './electron-binary.mjs'

const here = dirname(fileURLToPath(import.meta.url))

/** Runs electron's installer (with the download watch) and resolves with its exit and what it printed. */
function runInstaller(packageDir) {
  const watch = join(here, 'electron-download-watch.mjs')
  const child = spawn(process.execPath, ['--import', watch, join(packageDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, stderr: error.message }))
    child.on('close', (code, signal) => resolve({ code, signal, stderr }))
  })
}

export function fail(message) {
  process.stderr.write(`\n${message}\n\n`)
  process.exit(1)
}

/**
 * The path of a runnable Electron executable; exits the process with a plain message when there is none.
 * `command` is what the user ran (`npm start`, `npm run dist`), for the advice in that message.
 */
export async function ensureElectron(command = 'npm start') {
  const found = locateElectron()
  if (found.via !== 'node_modules/electron') {
    if (!isExecutable(found.path)) fail(notExecutableMessage(found.via, found.path))
    return found.path
  }
  if (found.path && isExecutable(found.path)) return found.path
  const packageDir = electronPackageDir()
  const version = electronVersion(packageDir)
  process.stdout.write(
    `Electron ${version} is not downloaded yet: fetching it once with Electron's installer (100-150 MB)...\n`,
  )
  const exit = await runInstaller(packageDir)
  const installed = locateElectron().path
  if (exit.code !== 0 || !installed || !isExecutable(installed))
    fail(downloadFailedMessage(version, installerReason(exit.stderr, exit), command))
  return installed
}
