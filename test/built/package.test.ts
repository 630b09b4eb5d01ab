// The packaged app, made from this build: electron-builder packs out/ into a Linux app folder (its `dir` target,
// the same steps as every installer up to the installer itself) with a stand-in Electron executable, since the
// real one cannot be downloaded here. What lands in app.asar is what every installer ships.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { listPackage } from '@electron/asar'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { build, Platform } from 'electron-builder'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FUSES } from '../../packaging/fuses'
import { electronVersion } from '../../scripts/lib/electron-binary.mjs'
import { writeFakeElectronDist } from '../support/fake-electron'

const root = resolve(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'linq-pack-'))
const appDir = join(work, 'out', 'linux-unpacked')
let asar: string[] = []

/** Every file under a folder of the repository, as a path relative to the repository with / separators. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
}

beforeAll(async () => {
  if (!existsSync(join(root, 'out', 'main', 'index.js')))
    throw new Error('No build in out/: run npm run build')
  const dist = join(work, 'electron-dist')
  writeFakeElectronDist(dist, electronVersion())
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { electronDist: dist, directories: { output: join(work, 'out') } },
  })
  asar = listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((path) =>
    path
      .replace(/^[\\/]/, '')
      .split('\\')
      .join('/'),
  )
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the packaged app', () => {
  it('holds every file the build made for main, the preload and the renderer, and no source map', () => {
    const built = [...filesUnder('out/main'), ...filesUnder('out/preload'), ...filesUnder('out/renderer')]
    expect(built).toEqual(expect.arrayContaining(['out/main/index.js', 'out/preload/index.cjs']))
    expect(built).toContain('out/renderer/index.html')
    for (const file of built.filter((f) => !f.endsWith('.map'))) expect(asar, file).toContain(file)
    expect(asar.filter((path) => path.endsWith('.map'))).toEqual([])
    // The entry point package.json names is in the package.
    const main = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main
    expect(asar).toContain(main.replace(/^\.\//, ''))
  })

  it('holds the images main loads at run time', () => {
    for (const folder of ['resources/icons', 'resources/tray', 'resources/badges'])
      for (const file of filesUnder(folder)) expect(asar, file).toContain(file)
  })

  it('ships no sources, tests, scripts, web bridge or development packages', () => {
    const unwanted = asar.filter((path) =>
      /^(src|test|scripts|api|packaging|out\/web-bridge|node_modules\/(electron|vitest|@playwright|typescript|electron-builder))(\/|$)/.test(
        path,
      ),
    )
    expect(unwanted).toEqual([])
    // The production dependencies main imports are there.
    for (const dependency of ['keytar', 'electron-store', 'electron-updater', 'zod', 'fastify'])
      expect(asar, dependency).toContain(`node_modules/${dependency}/package.json`)
  })

  it("unpacks keytar's native module next to the asar, as Node cannot load it from inside one", () => {
    const unpacked = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'keytar')
    expect(existsSync(join(unpacked, 'build', 'Release', 'keytar.node'))).toBe(true)
    // The very binary npm install built for Node: N-API, so no rebuild for Electron happened.
    const installed = readFileSync(join(root, 'node_modules', 'keytar', 'build', 'Release', 'keytar.node'))
    expect(readFileSync(join(unpacked, 'build', 'Release', 'keytar.node')).equals(installed)).toBe(true)
  })

  it('has the fuses flipped in its executable', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'linq-desktop'))
    for (const [option, enabled] of Object.entries(FUSES)) {
      if (option === 'version') continue
      const name = FuseV1Options[Number(option)]
      expect(wire[Number(option) as FuseV1Options], name).toBe(enabled ? FuseState.ENABLE : FuseState.DISABLE)
    }
  })

  it('has no update feed of its own when built without LINQ_UPDATE_URL', () => {
    expect(existsSync(join(appDir, 'resources', 'app-update.yml'))).toBe(false)
  })
})
