// linq-desktop:// links come from anywhere (any web page can hold one): the parser understands two exact forms
// and refuses everything else with a reason, never guessing.
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../../../src/shared/domain'
import {
  deepLinkInArgv,
  MAX_LINK_LENGTH,
  MAX_RECIPIENTS,
  normalizeNumber,
  parseDeepLink,
} from '../../../../src/main/services/deep-link'

const ok = (raw: string) => {
  const result = parseDeepLink(raw)
  if (!result.ok) throw new Error(`refused ${raw}: ${result.reason}`)
  return result.link
}
const okNew = (raw: string) => {
  const link = ok(raw)
  if (link.kind !== 'new') throw new Error(`not a new-chat link: ${raw}`)
  return link
}
const refused = (raw: unknown) => {
  const result = parseDeepLink(raw)
  expect(result.ok, String(raw).slice(0, 200)).toBe(false)
  return result.ok ? '' : result.reason
}

describe('chat links', () => {
  it('open a chat by its Linq id', () => {
    expect(ok('linq-desktop://chat/42')).toEqual({ kind: 'chat', chatId: '42' })
    // Launchers add a trailing slash; the scheme and host are case-insensitive as in any URL.
    expect(ok('linq-desktop://chat/42/')).toEqual({ kind: 'chat', chatId: '42' })
    expect(ok('LINQ-DESKTOP://Chat/123456789012345678')).toEqual({
      kind: 'chat',
      chatId: '123456789012345678',
    })
  })

  it('refuse ids that are not Linq ids', () => {
    for (const id of [
      '',
      '0',
      '007',
      '-1',
      '1e3',
      'abc',
      '5a1d0000-0000-4000-8000-000000000001',
      '1'.repeat(19),
    ])
      expect(refused(`linq-desktop://chat/${id}`)).toMatch(/Linq chat id/)
  })

  it('refuse path tricks and encodings instead of normalizing them', () => {
    for (const raw of [
      'linq-desktop://chat/../new?to=%2B14155550100',
      'linq-desktop://chat/1/../2',
      'linq-desktop://chat/./1',
      'linq-desktop://chat//1',
      'linq-desktop://chat/1/2',
      'linq-desktop://chat/1%2F2',
      'linq-desktop://chat/%31',
      'linq-desktop://chat/1%00',
      'linq-desktop://chat/1\\2',
      'linq-desktop://chat/1?x=1',
      'linq-desktop://chat/1#top',
      'linq-desktop://user:pw@chat/1',
      'linq-desktop://chat:443/1',
    ])
      refused(raw)
  })

  it('refuse other schemes, hosts and shapes', () => {
    for (const raw of [
      'https://chat/1',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'linq-desktop:chat/1',
      'linq-desktop:/chat/1',
      'linq-desktop://settings',
      'linq-desktop://chat',
      'linq-desktop://sign-out',
      'linq-desktopx://chat/1',
      ' linq-desktop://chat/1',
      'linq-desktop://chat/1 ',
      'linq-desktop://chat/1\n',
      'linq-desktop://ｃｈａｔ/1',
      'linq-desktop://chat/١٢',
      '',
    ])
      refused(raw)
    for (const value of [undefined, null, 42, ['linq-desktop://chat/1'], { href: 'linq-desktop://chat/1' }])
      expect(refused(value)).toBe('Not a link.')
  })
})

describe('new-chat links', () => {
  it('carry recipients and a text, never more', () => {
    expect(ok('linq-desktop://new?to=%2B14155550123&text=Hello%20there')).toEqual({
      kind: 'new',
      to: ['+14155550123'],
      text: 'Hello there',
    })
    // '+' is a plus sign (RFC 3986, as in sms: links), and a US number without +1 gets it, as Linq does.
    expect(ok('linq-desktop://new/?to=+1%20(415)%20555-0123')).toMatchObject({ to: ['+14155550123'] })
    expect(ok('linq-desktop://new?to=+14155550123&text=1+1')).toMatchObject({ text: '1+1' })
    expect(ok('linq-desktop://new?to=4155550123')).toEqual({ kind: 'new', to: ['+14155550123'], text: '' })
    expect(ok('linq-desktop://new')).toEqual({ kind: 'new', to: [], text: '' })
  })

  it('take several recipients, repeated or comma-separated, once each', () => {
    expect(okNew('linq-desktop://new?to=%2B14155550123,%2B442071838750&to=4155550123').to).toEqual([
      '+14155550123',
      '+442071838750',
    ])
    const many = Array.from(
      { length: MAX_RECIPIENTS + 1 },
      (_, i) => `to=%2B1415555${String(i).padStart(4, '0')}`,
    )
    expect(refused(`linq-desktop://new?${many.join('&')}`)).toMatch(/at most 20 recipients/)
    expect(ok(`linq-desktop://new?${many.slice(1).join('&')}`).kind).toBe('new')
  })

  it('refuse recipients that are not phone numbers', () => {
    for (const to of [
      'abc',
      '%2B1',
      '123',
      'ann%40example.com',
      '%2B0123456789',
      '%EF%BC%8B14155550123',
      '%2B1415555012３',
    ])
      expect(refused(`linq-desktop://new?to=${to}`), to).toMatch(/not a phone number|characters/)
  })

  it('keep unicode text exactly, and refuse malformed or oversized text', () => {
    const text = 'Grüße 👋 — 你好\nline two'
    expect(ok(`linq-desktop://new?to=%2B14155550123&text=${encodeURIComponent(text)}`)).toMatchObject({
      text,
    })
    expect(okNew('linq-desktop://new?text=a%0D%0Ab').text).toBe('a\nb')
    // Broken percent-encoding and an encoded lone surrogate are refused, not turned into replacement chars.
    expect(refused('linq-desktop://new?text=%E0%A4%A')).toMatch(/percent-encoding/)
    expect(refused('linq-desktop://new?text=%ED%A0%80')).toMatch(/percent-encoding/)
    expect(refused('linq-desktop://new?text=a%00b')).toMatch(/control/)
    expect(refused('linq-desktop://new?text=a%1Bb')).toMatch(/control/)
    const atLimit = 'x'.repeat(LIMITS.maxTextLength)
    expect(ok(`linq-desktop://new?text=${atLimit}`).kind).toBe('new')
    expect(refused(`linq-desktop://new?text=${atLimit}y`)).toMatch(/longer than 10000/)
    // Emoji at the limit, all percent-encoded, still fits the link's own limit.
    const emoji = encodeURIComponent('😀'.repeat(LIMITS.maxTextLength / 2))
    expect(ok(`linq-desktop://new?text=${emoji}`).kind).toBe('new')
    expect(refused('linq-desktop://new?text=' + 'a'.repeat(MAX_LINK_LENGTH))).toBe('The link is too long.')
  })

  it('refuse unknown, repeated or odd parameters, and paths', () => {
    expect(refused('linq-desktop://new?to=4155550123&send=1')).toMatch(/does not know/)
    expect(refused('linq-desktop://new?text=a&text=b')).toMatch(/more than one text/)
    expect(refused('linq-desktop://new?__proto__=x')).toMatch(/does not know/)
    refused('linq-desktop://new/extra?to=4155550123')
    refused('linq-desktop://new?to=4155550123#frag')
  })
})

describe('links among arguments and numbers', () => {
  it("find the link in a second instance's argv, wherever Chromium put it", () => {
    const argv = ['/opt/Linq/linq-desktop', '--allow-file-access', 'linq-desktop://chat/7', '--no-sandbox']
    expect(deepLinkInArgv(argv)).toBe('linq-desktop://chat/7')
    expect(deepLinkInArgv(['/opt/Linq/linq-desktop', '--url=linq-desktop://chat/7'])).toBeNull()
    expect(deepLinkInArgv(['linq', 'LINQ-DESKTOP://new'])).toBe('LINQ-DESKTOP://new')
    expect(deepLinkInArgv([])).toBeNull()
  })

  it('normalizes phone numbers to E.164', () => {
    expect(normalizeNumber('+44 20 7183 8750')).toBe('+442071838750')
    expect(normalizeNumber('(415) 555-0123')).toBe('+14155550123')
    expect(normalizeNumber('1-415-555-0123')).toBe('+14155550123')
    expect(normalizeNumber('555-0123')).toBeNull()
    expect(normalizeNumber('+1234567890123456')).toBeNull()
    // A national number is read in the user's region, with the same rules as the new-chat screen.
    expect(normalizeNumber('020 7183 8750', 'GB')).toBe('+442071838750')
    expect(normalizeNumber('020 7183 8750', 'US')).toBeNull()
    expect(parseDeepLink('linq-desktop://new?to=06%2012%2034%2056%2078', 'FR')).toEqual({
      ok: true,
      link: { kind: 'new', to: ['+33612345678'], text: '' },
    })
  })
})
