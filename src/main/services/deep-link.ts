// linq-desktop:// links, from the OS (a second instance's argv on Windows and Linux, open-url on macOS), parsed
// and validated before anything acts on them. Anyone can put such a link on a web page, so nothing is trusted:
// only two exact forms are understood, and a link never sends anything by itself.
//   linq-desktop://chat/<id>                   opens a chat of the open workspace (a Linq chat id)
//   linq-desktop://new?to=<number>&text=<text> opens a new chat, filled in (`to` may repeat or list numbers
//                                              separated by commas; `text` is optional)
// Query values are decoded as in sms: and mailto: links (RFC 3986): '+' is a plus sign, a space is %20.
import { LIMITS, type OpenRequest } from '../../shared/domain'
import { parsePhone, type RegionCode } from './phone'

export const DEEP_LINK_SCHEME = 'linq-desktop'
/** Longer than any link the two forms need (a text at the limit, every character percent-encoded). */
export const MAX_LINK_LENGTH = 128 * 1024
/** Recipients of one new chat. */
export const MAX_RECIPIENTS = 20

/** A link is a request to open something, like a notification click. */
export type DeepLink = OpenRequest
export type DeepLinkResult = { ok: true; link: DeepLink } | { ok: false; reason: string }

const refuse = (reason: string): DeepLinkResult => ({ ok: false, reason })

// The whole link, strictly: the scheme, one of two hosts, an optional path and query, no fragment, no
// credentials, no port, nothing outside printable ASCII (a raw space, a control or a look-alike letter).
const SHAPE = /^linq-desktop:\/\/(chat|new)(\/[^?#]*)?(?:\?([^#]*))?$/i
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/
/** Linq v2 ids are positive integers (a v3 uuid, or anything else, is not a chat of this API). */
const LINQ_ID = /^[1-9][0-9]{0,17}$/

/** A valid number in E.164: international, or national in the user's region (the one phone module). */
export function normalizeNumber(raw: string, region: RegionCode = 'US'): string | null {
  const parsed = parsePhone(raw, region)
  return parsed.ok ? parsed.e164 : null
}

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value)
  } catch {
    return null
  }
}

/** Control characters other than tab and new line have no place in a message. */
const isControl = (text: string): boolean =>
  [...text].some((char) => {
    const code = char.charCodeAt(0)
    return (code < 0x20 && char !== '\t' && char !== '\n') || code === 0x7f
  })

function parseNew(path: string | undefined, query: string, region: RegionCode): DeepLinkResult {
  if (path && path !== '/') return refuse('A new-chat link has no path.')
  const to: string[] = []
  let text: string | null = null
  for (const pair of query ? query.split('&') : []) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = eq < 0 ? pair : pair.slice(0, eq)
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1))
    if (value === null) return refuse(`The link's ${key || 'parameter'} is not valid percent-encoding.`)
    if (key === 'to') {
      for (const part of value.split(',')) {
        const number = normalizeNumber(part, region)
        if (!number) return refuse('A recipient is not a phone number.')
        if (!to.includes(number)) to.push(number)
      }
    } else if (key === 'text') {
      if (text !== null) return refuse('The link has more than one text.')
      text = value.replace(/\r\n?/g, '\n')
    } else {
      return refuse('The link has a parameter Linq does not know.')
    }
  }
  if (to.length > MAX_RECIPIENTS) return refuse(`A new chat can have at most ${MAX_RECIPIENTS} recipients.`)
  if (text !== null && text.length > LIMITS.maxTextLength)
    return refuse(`The link's text is longer than ${LIMITS.maxTextLength} characters.`)
  if (text !== null && isControl(text)) return refuse("The link's text holds control characters.")
  return { ok: true, link: { kind: 'new', to, text: text ?? '' } }
}

/** A link from the OS, checked; `reason` says in plain words why one is refused (for the log). */
export function parseDeepLink(raw: unknown, region: RegionCode = 'US'): DeepLinkResult {
  if (typeof raw !== 'string') return refuse('Not a link.')
  if (raw.length > MAX_LINK_LENGTH) return refuse('The link is too long.')
  if (!PRINTABLE_ASCII.test(raw)) return refuse('The link holds characters a link cannot have.')
  const shape = SHAPE.exec(raw)
  if (!shape) return refuse(`Not a ${DEEP_LINK_SCHEME}://chat/… or ${DEEP_LINK_SCHEME}://new?… link.`)
  const [, host, path, query] = shape
  if (host!.toLowerCase() === 'new') return parseNew(path, query ?? '', region)
  if (query !== undefined) return refuse('A chat link has no parameters.')
  // Exactly one segment (a trailing slash is tolerated: some launchers add one); no dots, no encodings.
  const id = /^\/([^/]*)\/?$/.exec(path ?? '')?.[1] ?? ''
  if (!LINQ_ID.test(id)) return refuse('The chat id is not a Linq chat id.')
  return { ok: true, link: { kind: 'chat', chatId: id } }
}

/**
 * The link among a process's arguments (a second instance's argv on Windows and Linux), or null. Chromium may
 * move switches around, so it is looked for anywhere; a switch that merely contains the scheme is not it.
 */
export function deepLinkInArgv(argv: readonly string[]): string | null {
  const prefix = DEEP_LINK_SCHEME + ':'
  return argv.find((arg) => arg.slice(0, prefix.length).toLowerCase() === prefix) ?? null
}
