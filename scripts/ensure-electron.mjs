#!/usr/bin/env node
// `npm start` and `npm run dev`: make sure there is an Electron binary (lib/ensure-electron-binary.mjs), then
// run electron-vite with the arguments given (`preview`, `dev`, ...). electron-vite only reads path.txt, which
// electron's installer writes, or ELECTRON_EXEC_PATH, so a failed download becomes a short message instead of
// electron-vite's "Electron uninstall" stack.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ensureElectron } from './lib/ensure-electron-binary.mjs'

const require = createRequire(import.meta.url)

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
