// Main's door to src/shared/phone.ts: the same functions, with the metadata installed when this module loads.
// Main validates and formats numbers from its first IPC call on, and bundle size does not matter in Node.
import metadata from 'libphonenumber-js/metadata.min.json'
import { defaultRegion, installPhoneMetadata, type RegionCode } from '../../shared/phone'

installPhoneMetadata(metadata)

export * from '../../shared/phone'

/** The region numbers are read and shown in: the user's setting, else this computer's locale. */
export function userRegion(chosen: string | null | undefined): RegionCode {
  return defaultRegion(chosen, Intl.DateTimeFormat().resolvedOptions().locale)
}
