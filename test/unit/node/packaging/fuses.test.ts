// The fuses every packaged build flips, and the afterPack hook that flips them: run here on a stand-in
// executable that carries Electron's fuse wire as Electron does (test/support/fake-electron.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FuseState, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
import { Arch, type AfterPackContext } from 'electron-builder'
import { afterAll, describe, expect, it } from 'vitest'
import { afterPack } from '../../../../packaging/after-pack'
import { FUSES, packedExecutable } from '../../../../packaging/fuses'
import { notaryCredentials } from '../../../../packaging/notarize'
import { writeFakeElectron } from '../../../support/fake-electron'

const work = mkdtempSync(join(tmpdir(), 'linq-fuses-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** What electron-builder hands the afterPack hook for a Linux x64 app folder. */
const linuxContext = (appOutDir: string) =>
  ({
    appOutDir,
    electronPlatformName: 'linux',
    arch: Arch.x64,
    packager: { appInfo: { productFilename: 'Linq' }, executableName: 'linq-desktop' },
  }) as unknown as AfterPackContext

describe('fuses', () => {
  it('turn off RunAsNode, NODE_OPTIONS, --inspect and file:// privileges; turn on the rest', () => {
    expect(FUSES).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
  })

  it('find the executable where electron-builder puts it on each platform', () => {
    const packager = { appInfo: { productFilename: 'Linq' }, executableName: 'linq-desktop' }
    expect(packedExecutable({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(
      '/o/Linq.app',
    )
    expect(packedExecutable({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe('/o/Linq.exe')
    expect(packedExecutable({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(
      '/o/linq-desktop',
    )
  })

  it('are flipped in the packed executable by the afterPack hook, leaving other fuses as they were', async () => {
    const appOutDir = mkdtempSync(join(work, 'linux-unpacked-'))
    writeFakeElectron(join(appOutDir, 'linq-desktop'))
    const context = linuxContext(appOutDir)
    await afterPack(context)
    const wire = await getCurrentFuseWire(join(appOutDir, 'linq-desktop'))
    const on = FuseState.ENABLE
    const off = FuseState.DISABLE
    expect(wire[FuseV1Options.RunAsNode]).toBe(off)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(on)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(off)
    // Not ours to decide: the V8 snapshot and WebAssembly trap handler fuses keep Electron's defaults.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(off)
    expect(wire[FuseV1Options.WasmTrapHandlers]).toBe(on)
  })

  it('fail the packaging loudly on a binary without a fuse wire', async () => {
    const appOutDir = mkdtempSync(join(work, 'no-wire-'))
    writeFileSync(join(appOutDir, 'linq-desktop'), 'not electron')
    const context = linuxContext(appOutDir)
    await expect(afterPack(context)).rejects.toThrow(/sentinel/)
  })
})

describe('notarization credentials', () => {
  it('come from the environment; none means skip, half a set is an error', () => {
    expect(notaryCredentials({})).toBeNull()
    expect(
      notaryCredentials({ APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'pw', APPLE_TEAM_ID: 'T1' }),
    ).toEqual({ appleId: 'a@b.c', appleIdPassword: 'pw', teamId: 'T1' })
    expect(
      notaryCredentials({ APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K1', APPLE_API_ISSUER: 'iss' }),
    ).toEqual({ appleApiKey: '/k.p8', appleApiKeyId: 'K1', appleApiIssuer: 'iss' })
    expect(notaryCredentials({ APPLE_KEYCHAIN_PROFILE: 'linq' })).toEqual({ keychainProfile: 'linq' })
    expect(() => notaryCredentials({ APPLE_ID: 'a@b.c' })).toThrow(
      /missing: APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID/,
    )
    expect(() => notaryCredentials({ APPLE_API_KEY_ID: 'K1', APPLE_API_KEY: '' })).toThrow(/APPLE_API_KEY/)
  })
})
