#!/usr/bin/env node
// `npm run dist [-- <electron-builder options>]`: installers for this platform (or those named: --mac, --win,
// --linux), or with `-- --dir` just the unpacked app. Like `npm start`, it first makes sure an Electron binary
// is here and stops with a plain message when it cannot be downloaded; then it builds and runs
// electron-builder (configuration: electron-builder.ts). For this platform the Electron just checked is the
// one packed (electronDist), so nothing is downloaded twice; another platform's comes from electron-builder.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { distFolderOf } from './lib/electron-binary.mjs'
import { ensureElectron } from './lib/ensure-electron-binary.mjs'

const PLATFORM_FLAGS = {
  darwin: ['--mac', '-m', '-o', '--macos'],
  win32: ['--win', '-w', '--windows'],
  linux: ['--linux', '-l'],
}

/** The platforms electron-builder's arguments name (none named: this one). `-wl` is `-w -l`, as in its CLI. */
export function platformsNamed(args, host = process.platform) {
  const flags = args.flatMap((arg) =>
    /^-[a-z]{2,}$/.test(arg) ? [...arg.slice(1)].map((letter) => `-${letter}`) : [arg.split('=')[0]],
  )
  const named = Object.entries(PLATFORM_FLAGS)
    .filter(([, names]) => names.some((name) => flags.includes(name)))
    .map(([platform]) => platform)
  return named.length > 0 ? named : [host]
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const electron = await ensureElectron('npm run dist')
  run('npm', ['run', 'build', '--silent'])
  const localDist = distFolderOf(electron, process.platform)
  const onlyHere = platformsNamed(args).every((platform) => platform === process.platform)
  const extra = onlyHere && localDist ? [`--config.electronDist=${localDist}`] : []
  const require = createRequire(import.meta.url)
  const cli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js')
  run(process.execPath, [cli, ...args, ...extra])
}
