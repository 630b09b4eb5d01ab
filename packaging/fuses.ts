// The Electron fuses every packaged build flips (https://www.electronjs.org/docs/latest/tutorial/fuses): one
// object, read by the afterPack hook (./after-pack.ts) and asserted by the packaging tests. Fuses are baked into
// the Electron binary itself, so they hold whatever the app's own code does.
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

export const FUSES = {
  version: FuseVersion.V1,
  // The binary cannot be run as a plain Node (ELECTRON_RUN_AS_NODE): no back door to a shell with its rights.
  [FuseV1Options.RunAsNode]: false,
  // Cookies on disk are encrypted with the OS keychain's key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone who can start the app inject code into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds (macOS and Windows; Linux has no support).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // ...and the app is only ever loaded from that asar, never from a folder planted beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // file:// pages get no more than a browser gives them: the renderer is served from linq-app:// instead.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const

/** Where the Electron executable of a packed app is, as electron-builder names it per platform. */
export function packedExecutable(context: {
  appOutDir: string
  electronPlatformName: string
  packager: { appInfo: { productFilename: string }; executableName?: string }
}): string {
  const { appOutDir, electronPlatformName, packager } = context
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return `${appOutDir}/${packager.appInfo.productFilename}.app`
  if (electronPlatformName === 'win32') return `${appOutDir}/${packager.appInfo.productFilename}.exe`
  return `${appOutDir}/${packager.executableName ?? packager.appInfo.productFilename}`
}

/** Flips FUSES in a packed app. On arm64 macOS the ad-hoc signature is renewed, or the app would not start. */
export async function flipPackedFuses(
  executable: string,
  options: { resetAdHocDarwinSignature: boolean },
): Promise<void> {
  await flipFuses(executable, { ...FUSES, ...options })
}
