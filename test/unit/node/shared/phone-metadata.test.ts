// The phone module before and after its metadata loads: this file's own module instance starts without it,
// like the renderer at its first paint. Formatting falls back to the handle as it is; parsing and region
// checks refuse loudly rather than validate against nothing.
import { describe, expect, it } from 'vitest'
import {
  defaultRegion,
  formatPhone,
  hasPhoneMetadata,
  isRegionCode,
  loadPhoneMetadata,
  parsePhone,
  regionCodes,
} from '../../../../src/shared/phone'

describe('phone metadata', () => {
  it('before it loads: handles are shown as they are, and nothing validates', () => {
    expect(hasPhoneMetadata()).toBe(false)
    expect(formatPhone('+14155550100', 'US')).toBe('+14155550100')
    expect(formatPhone('ana@example.com', 'US')).toBe('ana@example.com')
    expect(() => parsePhone('(415) 555-0100', 'US')).toThrow(/not loaded/)
    expect(() => isRegionCode('GB')).toThrow(/not loaded/)
    expect(() => regionCodes()).toThrow(/not loaded/)
    expect(() => defaultRegion('GB', 'en-GB')).toThrow(/not loaded/)
  })

  it('loads once, as one shared promise, and then formats and parses', async () => {
    const first = loadPhoneMetadata()
    expect(loadPhoneMetadata()).toBe(first)
    await first
    expect(hasPhoneMetadata()).toBe(true)
    expect(formatPhone('+14155550100', 'US')).toBe('(415) 555-0100')
    expect(formatPhone('+14155550100', 'GB')).toBe('+1 415 555 0100')
    expect(parsePhone('020 7946 0958', 'GB')).toMatchObject({ ok: true, e164: '+442079460958' })
    expect(regionCodes()).toContain('DE')
    expect(defaultRegion(null, 'en-GB')).toBe('GB')
  })
})
