#!/usr/bin/env node
// `npm start` and `npm run dev`: make sure there is an Electron binary, then run electron-vite with the
// arguments given (`preview`, `dev`, ...). electron 45 has no install script: its binary is fetched only by its
// own installer (install.js, the `install-electron` bin), and electron-vite only reads path.txt, which that
// installer writes, or ELECTRON_EXEC_PATH. So this runs the installer when path.txt is missing, and turns a
// failed download into a short message instead of electron-vite's "Electron uninstall" stack.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
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
} from './lib/electron-binary.mjs'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))

/** Runs electron's installer (with the download watch) and resolves with its exit and what it printed. */
function runInstaller(packageDir) {
  const watch = join(here, 'lib', 'electron-download-watch.mjs')
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

function fail(message) {
  process.stderr.write(`\n${message}\n\n`)
  process.exit(1)
}

async function ensureElectron() {
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
    fail(downloadFailedMessage(version, installerReason(exit.stderr, exit)))
  return installed
}

function runElectronVite(args, electronPath) {
  const bin = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: electronPath },
  })
  // A terminal's Ctrl-C reaches the whole group; a `kill` of this process alone must reach electron-vite too.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

runElectronVite(process.argv.slice(2), await ensureElectron())
