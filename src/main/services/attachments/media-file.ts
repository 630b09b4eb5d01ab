// A local file main lets the renderer load (an attachment, a staged preview, a queued file), and how each
// transport answers for one: the Electron media protocol (electron/media-protocol.ts) and the web bridge's
// /media/ route (web/server.ts) decode, check and answer the same way through these.
import type { FileHandle } from 'node:fs/promises'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'

export interface MediaFile {
  path: string
  mimeType: string
  sizeBytes: number
}

/** The media path in a request's (still encoded) path, or null when it is malformed: answered 400. */
export function mediaPathFrom(encoded: string): string | null {
  let path: string
  try {
    path = decodeURIComponent(encoded)
  } catch {
    return null
  }
  if (!path || path.includes('..') || path.includes('\\') || path.includes('\0')) return null
  return path
}

/** The answer's headers: the type main resolved, never sniffed, and never run as a page of our origin. */
export function mediaHeaders(file: Pick<MediaFile, 'mimeType'>, size: number): Record<string, string> {
  return {
    'Content-Type': file.mimeType,
    'Content-Length': String(size),
    // Bytes behind a media path never change (ids are not reused); only this user's window loads them.
    'Cache-Control': 'private, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
    // A server-chosen type like text/html or image/svg+xml must never run script in the app.
    'Content-Security-Policy': "sandbox; default-src 'none'",
  }
}

/**
 * Opens the file before answering, so one deleted in between is a 404 rather than a broken stream. The
 * size is the open file's, which is what the stream sends; the caller takes the stream or closes.
 */
export async function openMedia(
  file: MediaFile,
): Promise<{ size: number; stream(): Readable; close(): Promise<void> } | null> {
  const handle: FileHandle | null = await open(file.path, 'r').catch(() => null)
  if (!handle) return null
  const size = await handle.stat().then(
    (info) => info.size,
    () => null,
  )
  if (size === null) {
    await handle.close()
    return null
  }
  return { size, stream: () => handle.createReadStream(), close: () => handle.close() }
}
