// File types and safe file names for attachments. The OS does not tell us a file's type, so the extension
// decides, as it does for Linq's own uploads.
import { extname } from 'node:path'
import { DEFAULT_MIME, knownMimeTypeFor, MIME_BY_EXTENSION } from '../../../shared/mime'

// The first extension listed for a type wins (.jpg rather than .jpeg).
const EXTENSION_BY_MIME = new Map<string, string>()
for (const [ext, mime] of Object.entries(MIME_BY_EXTENSION)) {
  if (!EXTENSION_BY_MIME.has(mime)) EXTENSION_BY_MIME.set(mime, ext)
}

/** Chromium shows these in <img>; HEIC and others get a file tile instead of a broken image. */
const PREVIEWABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

const MIME_SHAPE = /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/
const MAX_NAME_LENGTH = 120
/** File systems count bytes (255 on most); this leaves room for the store's own prefixes. */
const MAX_NAME_BYTES = 200

export { DEFAULT_MIME }

/** MIME type from the file name's extension; application/octet-stream when unknown. */
export function mimeTypeFor(filename: string): string {
  return knownMimeTypeFor(filename) ?? DEFAULT_MIME
}

/** ".png" for image/png, '' when the type has no known extension. */
export function extensionFor(mimeType: string): string {
  return EXTENSION_BY_MIME.get(mimeType.toLowerCase()) ?? ''
}

export function isImageMime(mimeType: string): boolean {
  return mimeType.toLowerCase().startsWith('image/')
}

/** Images the renderer can draw, so they get a thumbnail. */
export function isPreviewableImage(mimeType: string): boolean {
  return PREVIEWABLE_IMAGES.has(mimeType.toLowerCase())
}

/** A MIME type from an untrusted source (the renderer, a server) in canonical form, or null if malformed. */
export function normalizeMime(mimeType: string | null | undefined): string | null {
  const value = (mimeType ?? '').split(';')[0]!.trim().toLowerCase()
  return MIME_SHAPE.test(value) && value.length <= 127 ? value : null
}

/** "pasted-image.png", "pasted-file.pdf", "pasted-file" */
export function fallbackName(mimeType: string): string {
  return (isImageMime(mimeType) ? 'pasted-image' : 'pasted-file') + extensionFor(mimeType)
}

/**
 * A name that is safe as one path segment on every OS: no folders, no control or reserved characters, no
 * leading dots (hidden files, "..") or trailing dots/spaces (Windows drops them), at most 120 characters
 * with the extension kept. `fallback` when nothing usable is left.
 */
export function safeFilename(name: string, fallback: string): string {
  const base = name.split(/[/\\]/).pop() ?? ''
  let clean = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(clean)) clean = '_' + clean
  if (!clean) return fallback
  if (Array.from(clean).length > MAX_NAME_LENGTH || Buffer.byteLength(clean) > MAX_NAME_BYTES) {
    const ext = extname(clean)
    const keep = ext.length <= 16 ? ext : ''
    const stem = clean.slice(0, clean.length - keep.length)
    clean = truncate(stem, MAX_NAME_LENGTH - keep.length, MAX_NAME_BYTES - Buffer.byteLength(keep)) + keep
  }
  return clean && !clean.startsWith('.') ? clean : fallback
}

/** Whole code points only, so an emoji is never cut in half. */
function truncate(text: string, maxChars: number, maxBytes: number): string {
  let out = ''
  let bytes = 0
  let chars = 0
  for (const char of text) {
    const size = Buffer.byteLength(char)
    if (chars + 1 > maxChars || bytes + size > maxBytes) break
    out += char
    bytes += size
    chars += 1
  }
  return out.replace(/[.\s]+$/, '')
}
