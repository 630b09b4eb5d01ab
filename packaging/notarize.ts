// electron-builder's afterSign hook: notarizes the signed macOS app with Apple's notary service, with
// credentials from the environment (never from a file in the repository). Without credentials it says so and
// skips, so `npm run dist` works on any Mac; a half-set of credentials is an error, not a silent skip.
import { notarize } from '@electron/notarize'
import type { AfterPackContext } from 'electron-builder'

export type NotaryCredentials =
  | { appleId: string; appleIdPassword: string; teamId: string }
  | { appleApiKey: string; appleApiKeyId: string; appleApiIssuer: string }
  | { keychainProfile: string; keychain?: string }

const SETS = [
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
] as const

/** The credentials in `env`, null when none are set; throws when a set is incomplete. */
export function notaryCredentials(env: NodeJS.ProcessEnv): NotaryCredentials | null {
  for (const names of SETS) {
    const values = names.map((name) => env[name] || undefined)
    if (values.every((v) => v === undefined)) continue
    const missing = names.filter((_, i) => values[i] === undefined)
    if (missing.length > 0)
      throw new Error(`Notarization needs ${names.join(', ')}; missing: ${missing.join(', ')}.`)
    const [a, b, c] = values as [string, string, string]
    return names[0] === 'APPLE_ID'
      ? { appleId: a, appleIdPassword: b, teamId: c }
      : { appleApiKey: a, appleApiKeyId: b, appleApiIssuer: c }
  }
  if (env.APPLE_KEYCHAIN_PROFILE)
    return env.APPLE_KEYCHAIN
      ? { keychainProfile: env.APPLE_KEYCHAIN_PROFILE, keychain: env.APPLE_KEYCHAIN }
      : { keychainProfile: env.APPLE_KEYCHAIN_PROFILE }
  return null
}

export async function afterSign(context: AfterPackContext): Promise<void> {
  if (context.electronPlatformName !== 'darwin') return
  const credentials = notaryCredentials(process.env)
  const appPath = `${context.appOutDir}/${context.packager.appInfo.productFilename}.app`
  if (!credentials) {
    console.log('  • notarization skipped: no APPLE_ID / APPLE_API_KEY / APPLE_KEYCHAIN_PROFILE set')
    return
  }
  console.log(`  • notarizing  app=${appPath}`)
  await notarize({ appPath, ...credentials })
}
