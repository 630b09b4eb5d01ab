// The start step (`npm start` / `npm run dev` → scripts/ensure-electron.mjs): it runs electron's own installer
// when the binary is missing, fails fast with a plain message when the download cannot happen, honours a
// local Electron, and hands the binary to electron-vite. The download cases use a loopback "mirror"
// (ELECTRON_MIRROR) that refuses, stays silent or serves a fake Electron, so they behave the same on a
// machine with internet as here, and never open a window.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  electronPackageDir,
  electronVersion,
  executableInDist,
  installerReason,
  isExecutable,
  locateElectron,
} from '../../../../scripts/lib/electron-binary.mjs'
import { storedZip } from '../../../support/zip'

const root = resolve(import.meta.dirname, '..', '..', '..', '..')
const version = electronVersion()
const work = mkdtempSync(join(tmpdir(), 'linq-ensure-electron-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Ran {
  code: number | null
  stdout: string
  stderr: string
  seconds: number
}

/** Runs a command to its end (killed after 60 s so a hang fails the test instead of stalling the suite). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = root): Promise<Ran> {
  const started = performance.now()
  const child = spawn(command, args, { cwd, env, timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((done) =>
    child.on('close', (code) =>
      done({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }),
    ),
  )
}

/** This environment without anything that picks an Electron or a download mirror, plus `extra`. */
function envWith(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/electron_/i.test(key)),
  ) as NodeJS.ProcessEnv
  return { ...env, electron_config_cache: join(work, 'cache'), ...extra }
}

/** A loopback server answering every request with `handle`. */
async function serve(handle: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handle)
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }
}

/** A stand-in Electron: records ELECTRON_EXEC_PATH and its arguments, opens nothing, exits 0. */
function fakeElectronScript(record: string): Buffer {
  return Buffer.from(`#!/bin/sh\nprintf '%s\\n' "$ELECTRON_EXEC_PATH" "$@" > '${record}'\n`)
}

function expectPlainDownloadFailure(ran: Ran, why: RegExp) {
  expect(ran.code).toBe(1)
  expect(ran.stderr).toContain(`Electron's binary (Electron ${version}) could not be downloaded`)
  expect(ran.stderr).toMatch(why)
  expect(ran.stderr).toContain('npm run preview:web')
  expect(ran.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH=')
  // No stack: neither the installer's nor electron-vite's "Electron uninstall".
  expect(ran.stderr).not.toMatch(/^\s+at /m)
  expect(ran.stderr).not.toContain('Electron uninstall')
}

describe('locateElectron', () => {
  const packageDir = join(work, 'electron-package')
  mkdirSync(packageDir, { recursive: true })

  it('prefers ELECTRON_EXEC_PATH, then the executable inside ELECTRON_OVERRIDE_DIST_PATH', () => {
    const env = { ELECTRON_EXEC_PATH: '/opt/e/electron', ELECTRON_OVERRIDE_DIST_PATH: '/opt/dist' }
    expect(locateElectron({ env, packageDir })).toEqual({
      via: 'ELECTRON_EXEC_PATH',
      path: '/opt/e/electron',
    })
    const dist = { ELECTRON_OVERRIDE_DIST_PATH: '/opt/dist' }
    expect(locateElectron({ env: dist, platform: 'linux', packageDir }).path).toBe('/opt/dist/electron')
    expect(locateElectron({ env: dist, platform: 'darwin', packageDir }).path).toBe(
      '/opt/dist/Electron.app/Contents/MacOS/Electron',
    )
    expect(executableInDist('win32')).toBe('electron.exe')
  })

  it("reads electron's path.txt, and has no path before the installer wrote it", () => {
    expect(locateElectron({ env: {}, packageDir })).toEqual({ via: 'node_modules/electron', path: null })
    writeFileSync(join(packageDir, 'path.txt'), 'electron')
    expect(locateElectron({ env: {}, packageDir }).path).toBe(join(packageDir, 'dist', 'electron'))
  })
})

describe('installerReason', () => {
  it("keeps the first line of the installer's stack, without the error's class", () => {
    const stack = 'TypeError: fetch failed (getaddrinfo ENOTFOUND github.com)\n    at node:internal/x:1:1\n'
    expect(installerReason(stack, { code: 1, signal: null })).toBe(
      'fetch failed (getaddrinfo ENOTFOUND github.com)',
    )
    expect(installerReason('', { code: 3, signal: null })).toBe('the installer exited with code 3')
    expect(installerReason('', { code: null, signal: 'SIGKILL' })).toBe(
      'the installer was stopped by SIGKILL',
    )
  })
})

const installed = locateElectron({ env: {} }).path
describe.skipIf(installed !== null && isExecutable(installed))('npm start without an Electron binary', () => {
  it('fails at once with a plain message when the download is refused', async () => {
    const { server, url } = await serve(() => undefined)
    server.close() // nothing listens on that port any more: connections are refused, as offline
    const ran = await run('npm', ['start'], envWith({ ELECTRON_MIRROR: url }))
    expectPlainDownloadFailure(
      ran,
      new RegExp(`Why: fetch failed \\(connect ECONNREFUSED ${url.slice(7, -1)}\\)`),
    )
    expect(ran.stdout).toContain(`Electron ${version} is not downloaded yet`)
    expect(ran.seconds).toBeLessThan(15)
  })

  it('gives up on a server that never answers, or stops sending, after the stall timeout', async () => {
    const silent = await serve(() => undefined)
    const stalled = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '1000000' })
      response.write(Buffer.alloc(1000))
    })
    try {
      const env = { LINQ_ELECTRON_STALL_SECONDS: '1' }
      const [noAnswer, noData] = await Promise.all([
        run('npm', ['start'], envWith({ ...env, ELECTRON_MIRROR: silent.url })),
        run('npm', ['start'], envWith({ ...env, ELECTRON_MIRROR: stalled.url })),
      ])
      expectPlainDownloadFailure(noAnswer, /Why: no answer from 127\.0\.0\.1:\d+ for 1 s, gave up/)
      expectPlainDownloadFailure(noData, /Why: no data from 127\.0\.0\.1:\d+ for 1 s, gave up/)
      expect(noAnswer.seconds).toBeLessThan(15)
      expect(noData.seconds).toBeLessThan(15)
    } finally {
      silent.server.closeAllConnections()
      stalled.server.closeAllConnections()
      silent.server.close()
      stalled.server.close()
    }
  })
})

describe('npm start with a local Electron', () => {
  const dist = join(work, 'local-electron')
  const record = join(work, 'local-electron.record')
  beforeAll(() => {
    mkdirSync(dist, { recursive: true })
    writeFileSync(join(dist, executableInDist(process.platform)), fakeElectronScript(record), { mode: 0o755 })
  })

  it('runs the electron in ELECTRON_OVERRIDE_DIST_PATH through electron-vite (ELECTRON_EXEC_PATH)', async () => {
    rmSync(record, { force: true })
    const env = envWith({ ELECTRON_OVERRIDE_DIST_PATH: dist })
    const ran = await run('npm', ['start', '--', '--skipBuild', '--entry', 'fake-main.js'], env)
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stdout).not.toContain('not downloaded yet')
    const [execPath, ...args] = readFileSync(record, 'utf8').trim().split('\n')
    expect(execPath).toBe(join(dist, executableInDist(process.platform)))
    expect(args[0]).toBe('fake-main.js')
  })

  it('says plainly when the folder holds no electron, without running anything', async () => {
    const empty = join(work, 'empty-dist')
    mkdirSync(empty, { recursive: true })
    const ran = await run('npm', ['start'], envWith({ ELECTRON_OVERRIDE_DIST_PATH: empty }))
    expect(ran.code).toBe(1)
    expect(ran.stderr).toContain(
      `ELECTRON_OVERRIDE_DIST_PATH points at ${join(empty, executableInDist(process.platform))}, which is not an executable Electron`,
    )
    expect(ran.stderr).not.toMatch(/^\s+at /m)
  })
})

describe('the start step where the binary can be downloaded', () => {
  // A copy of the start step and of electron's package (its installer, without the binary) in a project of
  // its own, so the real node_modules/electron stays as it is; the mirror serves a stand-in Electron zip.
  const project = join(work, 'project')
  const record = join(work, 'downloaded-electron.record')
  const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`

  it("fetches it with electron's installer, then electron-vite runs it", async () => {
    const modules = join(project, 'node_modules')
    cpSync(join(root, 'scripts'), join(project, 'scripts'), { recursive: true })
    mkdirSync(join(modules, '@electron'), { recursive: true })
    const electron = join(modules, 'electron')
    for (const file of ['package.json', 'install.js', 'index.js'])
      cpSync(join(electronPackageDir(), file), join(electron, file))
    for (const linked of ['@electron/get', '@electron-internal', 'electron-vite'])
      symlinkSync(join(root, 'node_modules', linked), join(modules, linked))
    const zip = storedZip([
      { name: executableInDist(process.platform), data: fakeElectronScript(record), mode: 0o755 },
      { name: 'version', data: Buffer.from(`v${version}`) },
    ])
    const sha256 = createHash('sha256').update(zip).digest('hex')
    writeFileSync(join(electron, 'checksums.json'), JSON.stringify({ [zipName]: sha256 }))

    const requested: string[] = []
    const mirror = await serve((request, response) => {
      requested.push(request.url ?? '')
      response.writeHead(200, { 'content-length': String(zip.length) }).end(zip)
    })
    try {
      const script = join(project, 'scripts', 'ensure-electron.mjs')
      const args = [script, 'preview', '--skipBuild', '--entry', 'fake-main.js']
      const ran = await run(process.execPath, args, envWith({ ELECTRON_MIRROR: mirror.url }), project)
      expect(ran.code, ran.stderr).toBe(0)
      expect(requested).toEqual([`/v${version}/${zipName}`])
      expect(ran.stdout).toContain(`downloading from 127.0.0.1`)
      expect(readFileSync(join(electron, 'path.txt'), 'utf8')).toBe(executableInDist(process.platform))
      const binary = join(electron, 'dist', executableInDist(process.platform))
      expect(existsSync(binary)).toBe(true)
      const [execPath, entry] = readFileSync(record, 'utf8').trim().split('\n')
      expect(execPath).toBe(binary)
      expect(entry).toBe('fake-main.js')
    } finally {
      mirror.server.close()
    }
  })
})
