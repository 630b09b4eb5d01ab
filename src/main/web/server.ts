// The loopback web bridge: serves the built renderer and answers the same IPC contract as Electron over a
// WebSocket, so the real renderer runs in any Chromium against the real main-process services.
// Only 127.0.0.1; a random per-run secret (cookie for HTTP, WebSocket subprotocol for the bridge) and an
// exact Origin check keep other local pages and processes out. The WebSocket side is bridge-socket.ts.
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pipeline } from 'node:stream/promises'
import { join, resolve } from 'node:path'
import { contentSecurityPolicy } from '../../shared/csp'
import { errorMessage } from '../../shared/error-message'
import { mediaHeaders, mediaPathFrom, openMedia, type MediaFile } from '../services/attachments/media-file'
import type { Dispatch } from '../services/ipc-router'
import type { EventHub } from '../services/events'
import type { Logger } from '../services/log'
import { CONTENT_TYPES, rendererFile } from '../services/renderer-files'
import { attachBridgeSocket } from './bridge-socket'
import { sameSecret } from './secret'

export interface WebBridgeOptions {
  dispatch: Dispatch
  events: EventHub
  logger: Logger
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** The built browser bridge script (out/web-bridge/web-bridge.js). */
  bridgeScript: string
  /** Resolves `/media/<path>` (attachments and staged previews) to a file. */
  resolveMedia: (mediaPath: string) => Promise<MediaFile | null>
  port?: number
}

export interface WebBridge {
  /** Open this in a browser: it carries the secret. */
  url: string
  origin: string
  close(): Promise<void>
}

export const MEDIA_PREFIX = '/media/'
const COOKIE = 'linq_bridge'
const BRIDGE_SCRIPT_PATH = '/__linq/web-bridge.js'

function cookieSecret(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === COOKIE) return value.join('=')
  }
  return undefined
}

/** A path from a URL, or null when its percent-encoding is malformed (answered 400, not a crash). */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path)
  } catch {
    return null
  }
}

export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const secret = randomBytes(24).toString('hex')
  const rendererDir = resolve(options.rendererDir)
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8')
  const bridgeScript = await readFile(options.bridgeScript, 'utf8')
  const { logger } = options
  let origin = ''

  // The WebSocket lives on this origin; the CSP says so explicitly rather than rely on 'self' matching ws:.
  const socketSource = () => `ws://${new URL(origin).host}`
  const page = (): string =>
    indexHtml
      .replace("connect-src 'self'", `connect-src 'self' ${socketSource()}`)
      .replace(
        '<script type="module"',
        `<script src="${BRIDGE_SCRIPT_PATH}"></script>\n    <script type="module"`,
      )

  const send = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type = 'text/plain; charset=utf-8',
  ) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    })
    res.end(body)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin)
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed')

    if (url.pathname === '/' || url.pathname === '/index.html') {
      const fromQuery = url.searchParams.get('secret') ?? undefined
      if (!sameSecret(fromQuery, secret)) {
        return send(
          res,
          403,
          'Open the address printed by `npm run preview:web` (it carries the session secret).',
        )
      }
      res.setHeader('Set-Cookie', `${COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`)
      // noNewWindows: the twin of Electron's window-open handler (window.open answers null).
      const policy = contentSecurityPolicy({
        delivery: 'header',
        connect: [socketSource()],
        noNewWindows: true,
      })
      res.setHeader('Content-Security-Policy', policy)
      return send(res, 200, page(), CONTENT_TYPES['.html'])
    }
    if (!sameSecret(cookieSecret(req), secret)) return send(res, 403, 'Forbidden')

    if (url.pathname === BRIDGE_SCRIPT_PATH) return send(res, 200, bridgeScript, CONTENT_TYPES['.js'])

    if (url.pathname.startsWith(MEDIA_PREFIX)) {
      const mediaPath = mediaPathFrom(url.pathname.slice(MEDIA_PREFIX.length))
      if (mediaPath === null) return send(res, 400, 'Bad request')
      const media = await options.resolveMedia(mediaPath)
      const opened = media && (await openMedia(media))
      if (!media || !opened) return send(res, 404, 'Not found')
      res.writeHead(200, mediaHeaders(media, opened.size))
      if (req.method === 'HEAD') {
        await opened.close()
        return void res.end()
      }
      // A page that goes away mid-file ends the stream; both sides are closed by pipeline either way.
      return pipeline(opened.stream(), res).catch(() => undefined)
    }
    const path = decodePath(url.pathname)
    if (path === null) return send(res, 400, 'Bad request')

    // The same rule as the Electron app's linq-app:// protocol: only files inside the built renderer.
    const file = await rendererFile(rendererDir, url.pathname)
    if (!file) return send(res, 404, 'Not found')
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'X-Content-Type-Options': 'nosniff',
      // The build names these by their content's hash: the browser may keep them, and with them the compiled
      // code of the scripts (V8's code cache, the twin of linq-app://'s codeCache), so a reload compiles less.
      ...(url.pathname.startsWith('/assets/') && { 'Cache-Control': 'private, max-age=31536000, immutable' }),
    })
    createReadStream(file.path).pipe(res)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('web bridge request failed', {
        error: errorMessage(error),
      })
      if (!res.headersSent) send(res, 500, 'Internal error')
      else res.destroy()
    })
  })

  const bridgeSocket = attachBridgeSocket(server, { secret, origin: () => origin, ...options })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen())
  })
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: `${origin}/?secret=${secret}`,
    origin,
    async close() {
      bridgeSocket.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
