// Finds https: and mailto: links in message text. Nothing else becomes clickable (http:, file:, custom
// schemes stay text), and main refuses anything else again before opening it.
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string }

const LINK = /\b(?:https:\/\/|mailto:)[^\s<>"']+/gi
const TRAILING = /[.,;:!?'"\]]+$/

function trimTrailing(candidate: string): string {
  let url = candidate.replace(TRAILING, '')
  // A closing parenthesis belongs to the link only when the link opened one ("…/Foo_(bar)").
  while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) {
    url = url.slice(0, -1).replace(TRAILING, '')
  }
  return url
}

export function hasLink(text: string): boolean {
  const lower = text.toLowerCase()
  return lower.includes('https://') || lower.includes('mailto:')
}

export function splitLinks(text: string): TextPart[] {
  if (!hasLink(text)) return [{ kind: 'text', text }]
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(LINK)) {
    const url = trimTrailing(match[0])
    const start = match.index
    if (url.length <= 'mailto:'.length || /^https:\/\/$/i.test(url)) continue
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) })
    parts.push({ kind: 'link', text: url, url })
    last = start + url.length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}
