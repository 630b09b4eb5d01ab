// Phone numbers, the one way: parsed and validated with libphonenumber-js (its smaller "min" metadata, which
// validates by length and prefix per country), sent to Linq in E.164, and shown the way people write
// them: numbers of the user's own country in its national format, others in international format. The
// user's country comes from the OS locale unless they chose one in Settings (phoneRegion).
//
// The metadata (about 19 kB gzip) is not bundled with this module: main installs it at start
// (src/main/services/phone.ts), the renderer loads it as its own chunk while its first calls to main are
// under way and waits for it before the workspace shows (state/phone-region.ts). Until then formatPhone
// shows handles as they are and everything else throws: no caller can silently validate against nothing.
import {
  getCountries,
  parsePhoneNumberFromString,
  type CountryCode,
  type MetadataJson,
  type PhoneNumber as ParsedNumber,
} from 'libphonenumber-js/core'

export type RegionCode = CountryCode

let metadata: MetadataJson | null = null
let regions = new Set<string>()
let loading: Promise<void> | null = null

/** Installs the metadata (main imports it statically: Node has no first paint to protect). */
export function installPhoneMetadata(json: MetadataJson): void {
  metadata = json
  regions = new Set(getCountries(json))
}

/** Loads the metadata as a separate chunk, once; every later call returns the same promise. */
export function loadPhoneMetadata(): Promise<void> {
  loading ??= import('libphonenumber-js/metadata.min.json').then(
    (module) => installPhoneMetadata(module.default),
    (error: unknown) => {
      loading = null // a later call may try again
      throw error
    },
  )
  return loading
}

export function hasPhoneMetadata(): boolean {
  return metadata !== null
}

function loaded(): MetadataJson {
  if (!metadata) throw new Error('Phone metadata is not loaded yet (loadPhoneMetadata).')
  return metadata
}

export function isRegionCode(value: string): value is RegionCode {
  loaded()
  return regions.has(value)
}

/** Every region the library knows, for the settings picker. */
export function regionCodes(): RegionCode[] {
  return getCountries(loaded())
}

/** The region of a BCP 47 locale ("en-GB" → GB, "de" → null); null when it names none the library knows. */
export function regionOfLocale(locale: string | undefined | null): RegionCode | null {
  if (!locale) return null
  let region: string | undefined
  try {
    region = new Intl.Locale(locale).maximize().region
  } catch {
    return null
  }
  return region && isRegionCode(region) ? region : null
}

/** The user's default region: their choice, else the OS locale's region, else US (Linq's home). */
export function defaultRegion(chosen: string | null | undefined, locale: string | undefined): RegionCode {
  if (chosen && isRegionCode(chosen)) return chosen
  return regionOfLocale(locale) ?? 'US'
}

export type PhoneParse =
  | { ok: true; e164: string; region: RegionCode | null }
  | { ok: false; reason: 'empty' | 'not-a-number' | 'invalid' }

/** Reads what a user typed ("020 7946 0958", "+49 30 1234567", "(415) 555-0100") as an E.164 number. */
export function parsePhone(input: string, region: RegionCode): PhoneParse {
  const text = input.trim()
  if (text === '') return { ok: false, reason: 'empty' }
  // Letters other than an extension marker mean a name or an email, not a number.
  if (!/^[+\d\s().\-/]+$/.test(text) || !/\d/.test(text)) return { ok: false, reason: 'not-a-number' }
  const parsed = parse(text, region, loaded())
  if (!parsed?.isValid()) return { ok: false, reason: 'invalid' }
  return { ok: true, e164: parsed.number, region: parsed.country ?? null }
}

function parse(text: string, region: RegionCode, json: MetadataJson): ParsedNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, region, json)
  } catch {
    return undefined
  }
}

/** Whether a string looks like a phone number someone is typing (digits, +, spaces, dashes, brackets). */
export function looksLikePhone(input: string): boolean {
  return /^\+?[\d\s().\-/]{3,}$/.test(input.trim())
}

/**
 * A handle (E.164 number or email) as people read it: "+14155550100" → "(415) 555-0100" for a US user,
 * "+1 415 555 0100" for anyone else; emails and anything unparsable are shown as they are, and so is
 * everything before the metadata is loaded (E.164 stays readable; the renderer waits for it anyway).
 */
export function formatPhone(handle: string, region: RegionCode): string {
  if (!metadata || !/^\+\d{6,15}$/.test(handle)) return handle
  const parsed = parse(handle, region, metadata)
  if (!parsed) return handle
  return parsed.country === region ? parsed.formatNational() : parsed.formatInternational()
}

/** A number's digits: E.164 numbers compare by them (Linq may answer "+1 415…" or "14155550100"). */
export function phoneDigits(handle: string): string {
  return handle.replace(/\D/g, '')
}

export function sameNumber(a: string, b: string): boolean {
  return phoneDigits(a) !== '' && phoneDigits(a) === phoneDigits(b)
}
