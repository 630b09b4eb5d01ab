// Serves attachment bytes and staged previews to the renderer as linq-media://media/<mediaPath>, so the
// strict CSP never has to allow file: URLs and the renderer can only load what main chooses to resolve.
import type { CustomScheme, Session } from 'electron'
import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { MediaFile } from '../services/app-core'

const SCHEME = 'linq-media'

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const mediaScheme: CustomScheme = {
  scheme: SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
}

export function serveMediaProtocol(
  session: Session,
  resolveMedia: (mediaPath: string) => Promise<MediaFile | null>,
): void {
  const status = (code: number) => new Response(null, { status: code })
  session.protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== 'media' || request.method !== 'GET') return status(404)
    let mediaPath: string
    try {
      mediaPath = decodeURIComponent(url.pathname.replace(/^\/+/, ''))
    } catch {
      return status(400)
    }
    if (!mediaPath || mediaPath.includes('..') || mediaPath.includes('\\') || mediaPath.includes('\0'))
      return status(400)
    const file = await resolveMedia(mediaPath).catch(() => null)
    if (!file) return status(404)
    // Opened before answering, so a file deleted in between is a 404 rather than a broken stream.
    const handle = await open(file.path, 'r').catch(() => null)
    if (!handle) return status(404)
    const size = await handle.stat().then(
      (info) => info.size,
      () => null,
    )
    if (size === null) return handle.close().then(() => status(404))
    const body = Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>
    return new Response(body, {
      headers: {
        'Content-Type': file.mimeType,
        'Content-Length': String(size),
        // A server-chosen type like text/html must never run as a page of our origin.
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "sandbox; default-src 'none'",
      },
    })
  })
}
