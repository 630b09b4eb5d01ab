// Serves attachment bytes and staged previews to the renderer as linq-media://media/<mediaPath>, so the
// strict CSP never has to allow file: URLs and the renderer can only load what main chooses to resolve.
import type { CustomScheme, Session } from 'electron'
import { Readable } from 'node:stream'
import { mediaHeaders, mediaPathFrom, openMedia, type MediaFile } from '../services/attachments/media-file'

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
    const mediaPath = mediaPathFrom(url.pathname.replace(/^\/+/, ''))
    if (mediaPath === null) return status(400)
    const file = await resolveMedia(mediaPath).catch(() => null)
    const opened = file && (await openMedia(file))
    if (!file || !opened) return status(404)
    const body = Readable.toWeb(opened.stream()) as unknown as ReadableStream<Uint8Array>
    return new Response(body, { headers: mediaHeaders(file, opened.size) })
  })
}
