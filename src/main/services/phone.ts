// Main's door to src/shared/phone.ts: the same functions, with the metadata installed when this module loads.
// Main validates and formats numbers from its first IPC call on, and bundle size does not matter in Node.
import metadata from 'libphonenumber-js/metadata.min.json'
import { installPhoneMetadata } from '../../shared/phone'

installPhoneMetadata(metadata)

export * from '../../shared/phone'
