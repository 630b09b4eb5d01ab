// The electron-builder configuration, checked where no installer can be built: against the JSON schema
// electron-builder itself validates with, and for what the issue asks of the packages. test/built packs it for
// real (with a stand-in Electron) after the build.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import type { Configuration } from 'electron-builder'
import { describe, expect, it } from 'vitest'
import config, { builderConfig, updateFeed } from '../../../../electron-builder'
import { afterPack } from '../../../../packaging/after-pack'
import { afterSign } from '../../../../packaging/notarize'
import { ICON_SIZES } from '../../../../scripts/gen-icons.mjs'

const root = resolve(import.meta.dirname, '..', '..', '..', '..')
const schema = JSON.parse(
  readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
) as object

/** electron-builder's validator: its scheme.json, with the `typeof` keyword it uses for hook functions. */
function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addKeyword({
    keyword: 'typeof',
    schemaType: 'string',
    validate: (type: string, data: unknown) => typeof data === type,
  })
  return ajv.compile(schema)
}

/** Width and height from a PNG's IHDR (bytes 16 and 20). */
function pngSize(path: string): [number, number] {
  const png = readFileSync(path)
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

describe('electron-builder configuration', () => {
  it("is valid against electron-builder's own schema, which refuses what it does not know", () => {
    const validate = validator()
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true)
    // The validator is not a rubber stamp: a misspelt option and a wrong type are refused.
    expect(validate({ ...config, asarUnpak: ['x'] })).toBe(false)
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntime: 'yes' } })).toBe(false)
  })

  it('names the app, packs it into an asar and builds the installers the issue lists', () => {
    expect(config).toMatchObject({
      appId: 'com.linqapp.desktop',
      productName: 'Linq',
      asar: true,
      mac: { target: ['dmg', 'zip'], category: 'public.app-category.business', hardenedRuntime: true },
      win: { target: ['nsis'] },
      linux: { target: ['AppImage', 'deb'], category: 'Network' },
      protocols: [{ schemes: ['linq-desktop'] }],
    })
    expect(config.afterPack).toBe(afterPack)
    expect(config.afterSign).toBe(afterSign)
  })

  it('never rebuilds keytar against Electron headers, and unpacks its .node from the asar', () => {
    expect(config).toMatchObject({
      npmRebuild: false,
      nodeGypRebuild: false,
      buildDependenciesFromSource: false,
    })
    expect(config.asarUnpack).toEqual(['node_modules/keytar/build/Release/*.node'])
    // keytar is N-API: one binary for every Node and Electron version that speaks N-API 3.
    const keytar = JSON.parse(readFileSync(join(root, 'node_modules', 'keytar', 'package.json'), 'utf8')) as {
      binary?: { napi_versions?: number[] }
    }
    expect(keytar.binary?.napi_versions).toEqual([3])
    expect(existsSync(join(root, 'node_modules', 'keytar', 'build', 'Release', 'keytar.node'))).toBe(true)
  })

  it('signs macOS builds with the hardened runtime and only the JIT entitlement', () => {
    const mac = config.mac!
    expect(mac.entitlements).toBe('packaging/entitlements.mac.plist')
    expect(mac.entitlementsInherit).toBe(mac.entitlements)
    const plist = readFileSync(join(root, mac.entitlements!), 'utf8')
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual([
      'com.apple.security.cs.allow-jit',
    ])
    // Notarization is the afterSign hook's (packaging/notarize.ts), not electron-builder's built-in one too.
    expect(mac.notarize).toBe(false)
  })

  it('names icons that exist in the sizes each platform needs', () => {
    const mac = join(root, config.mac!.icon!)
    const win = join(root, config.win!.icon!)
    const linux = join(root, config.linux!.icon!)
    // electron-builder makes the .icns from a PNG of at least 512 px, the .ico from one of at least 256.
    expect(pngSize(mac)[0]).toBeGreaterThanOrEqual(512)
    expect(pngSize(win)[0]).toBeGreaterThanOrEqual(256)
    const names = readdirSync(linux).filter((name) => name.endsWith('.png'))
    expect(names.sort()).toEqual(ICON_SIZES.map((size) => `${size}x${size}.png`).sort())
    for (const size of ICON_SIZES) expect(pngSize(join(linux, `${size}x${size}.png`))).toEqual([size, size])
  })

  it('ships the build and the run-time images, never sources, tests or source maps', () => {
    const files = config.files as string[]
    expect(files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']))
    expect(files).toContain('!**/*.map')
    expect(files.some((pattern) => /^(src|test|scripts|api)\b/.test(pattern))).toBe(false)
    for (const folder of ['resources/icons', 'resources/tray', 'resources/badges'])
      expect(files).toContain(`${folder}/**`)
  })
})

describe('the update feed baked into a build', () => {
  it('is off without LINQ_UPDATE_URL, a generic https feed with it, and refuses anything else', () => {
    expect(updateFeed({})).toBeNull()
    expect(builderConfig({}).publish).toBeNull()
    const url = 'https://updates.example.com/linq'
    expect(builderConfig({ LINQ_UPDATE_URL: url }).publish).toEqual([{ provider: 'generic', url }])
    expect(() => updateFeed({ LINQ_UPDATE_URL: 'http://updates.example.com' })).toThrow(/https/)
    expect(() => updateFeed({ LINQ_UPDATE_URL: 'not a url' })).toThrow(/https/)
    const validate = validator()
    const withFeed: Configuration = builderConfig({ LINQ_UPDATE_URL: url })
    expect(validate(withFeed), JSON.stringify(validate.errors)).toBe(true)
  })
})
