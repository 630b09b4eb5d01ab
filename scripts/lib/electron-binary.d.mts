// Types for electron-binary.mjs, which test/electron and the unit tests import.
export interface FoundElectron {
  via: 'ELECTRON_EXEC_PATH' | 'ELECTRON_OVERRIDE_DIST_PATH' | 'node_modules/electron'
  /** null: electron's installer has not downloaded the binary yet. */
  path: string | null
}
export function electronPackageDir(): string
export function executableInDist(platform: NodeJS.Platform | 'mas'): string
export function locateElectron(options?: {
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  packageDir?: string
}): FoundElectron
export function isExecutable(path: string): boolean
export function electronVersion(packageDir?: string): string
export function installerReason(
  stderr: string,
  exit: { code: number | null; signal: NodeJS.Signals | null },
): string
export function downloadFailedMessage(version: string, reason: string): string
export function notExecutableMessage(via: FoundElectron['via'], path: string): string
