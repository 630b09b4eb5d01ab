// Phone numbers across countries: what a user types becomes E.164 or a clear refusal, and numbers are shown
// national for the user's own country and international for everyone else's. Imported through main's door,
// which installs the metadata (phone-metadata.test.ts covers the module before that).
import { describe, expect, it } from 'vitest'
import {
  defaultRegion,
  formatPhone,
  looksLikePhone,
  parsePhone,
  regionOfLocale,
  sameNumber,
} from '../../../../src/main/services/phone'

describe('parsePhone', () => {
  it.each([
    ['(415) 555-0100', 'US', '+14155550100'],
    ['415.555.0100', 'US', '+14155550100'],
    ['+1 415 555 0100', 'DE', '+14155550100'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['030 12345678', 'DE', '+493012345678'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+81 3-1234-5678', 'US', '+81312345678'],
    ['0412 345 678', 'AU', '+61412345678'],
    ['+55 11 91234-5678', 'US', '+5511912345678'],
    ['98765 43210', 'IN', '+919876543210'],
  ] as const)('%s in %s → %s', (typed, region, e164) => {
    expect(parsePhone(typed, region)).toMatchObject({ ok: true, e164 })
  })

  it('the same national digits mean different numbers in different countries', () => {
    const gb = parsePhone('020 7946 0958', 'GB')
    const us = parsePhone('020 7946 0958', 'US')
    expect(gb).toMatchObject({ ok: true, region: 'GB' })
    expect(us.ok).toBe(false)
  })

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['Ada Lovelace', 'not-a-number'],
    ['ada@example.com', 'not-a-number'],
    ['555-123', 'invalid'],
    ['+1 555', 'invalid'],
    ['+999 1234 5678', 'invalid'],
    ['12345678901234567890', 'invalid'],
  ] as const)('%j is refused as %s', (typed, reason) => {
    expect(parsePhone(typed, 'US')).toEqual({ ok: false, reason })
  })
})

describe('formatPhone', () => {
  it('own country national, others international', () => {
    expect(formatPhone('+14155550100', 'US')).toBe('(415) 555-0100')
    expect(formatPhone('+14155550100', 'GB')).toBe('+1 415 555 0100')
    expect(formatPhone('+442079460958', 'GB')).toBe('020 7946 0958')
    expect(formatPhone('+442079460958', 'US')).toBe('+44 20 7946 0958')
    expect(formatPhone('+493012345678', 'DE')).toBe('030 12345678')
    expect(formatPhone('+33612345678', 'US')).toBe('+33 6 12 34 56 78')
  })

  it('emails and text that is no number are shown as they are', () => {
    expect(formatPhone('ada@example.com', 'US')).toBe('ada@example.com')
    expect(formatPhone('Front desk', 'US')).toBe('Front desk')
    expect(formatPhone('+12', 'US')).toBe('+12')
  })
})

describe('regions', () => {
  it('come from the locale, a saved choice wins, and US is the last resort', () => {
    expect(regionOfLocale('en-GB')).toBe('GB')
    expect(regionOfLocale('de')).toBe('DE')
    expect(regionOfLocale('pt-BR')).toBe('BR')
    expect(regionOfLocale('not a locale')).toBeNull()
    expect(regionOfLocale(undefined)).toBeNull()
    expect(defaultRegion('FR', 'en-GB')).toBe('FR')
    expect(defaultRegion(null, 'ja-JP')).toBe('JP')
    expect(defaultRegion('XX', 'xx')).toBe('US')
  })

  it('helpers: looksLikePhone and sameNumber', () => {
    expect(looksLikePhone('+44 20')).toBe(true)
    expect(looksLikePhone('Ada')).toBe(false)
    expect(sameNumber('+1 (415) 555-0100', '14155550100')).toBe(true)
    expect(sameNumber('+14155550100', '+14155550101')).toBe(false)
    expect(sameNumber('', '')).toBe(false)
  })
})
