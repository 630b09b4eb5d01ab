// Serves the built renderer as linq-app://app/… instead of file://, so the window's page is an ordinary secure
// origin: the GrantFileProtocolExtraPrivileges fuse can be off (file:// pages keep no powers beyond a
// browser's), and the page's CSP arrives as a response header. Files come from out/renderer only
// (services/renderer-files.ts decides which).
import { readFile } from 'node:fs/promises'
import type { CustomScheme, Session } from 'electron'
import { rendererFile } from '../services/renderer-files'

const SCHEME = 'linq-app'
export const APP_ORIGIN = `${SCHEME}://app`

/** For protocol.registerSchemesAsPrivileged, before the app is ready: a standard, secure origin. */
export const appScheme: CustomScheme = {
  scheme: SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
}

export function serveAppProtocol(session: Session, rendererDir: string, contentSecurityPolicy: string): void {
  const status = (code: number) => new Response(null, { status: code })
  session.protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== 'app' || request.method !== 'GET') return status(404)
    const file = await rendererFile(rendererDir, url.pathname)
    if (!file) return status(404)
    const body = await readFile(file.path).catch(() => null)
    if (!body) return status(404)
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      'X-Content-Type-Options': 'nosniff',
    }
    if (file.contentType.startsWith('text/html')) headers['Content-Security-Policy'] = contentSecurityPolicy
    return new Response(new Uint8Array(body), { headers })
  })
}
