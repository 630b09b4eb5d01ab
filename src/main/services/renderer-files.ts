// Which file of the built renderer a request names, for the Electron app's linq-app:// protocol: only files
// inside the renderer folder, never a path that climbs out of it however it is spelt. Plain Node, so the rules
// are tested without Electron.
import { realpath, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

export interface RendererFile {
  path: string
  contentType: string
  size: number
}

/** The file a URL path names inside `rendererDir` (`/` is index.html), or null: outside, missing, malformed. */
export async function rendererFile(rendererDir: string, urlPath: string): Promise<RendererFile | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const root = resolve(rendererDir)
  const path = normalize(join(root, decoded === '/' || decoded === '' ? 'index.html' : decoded))
  if (!path.startsWith(root + sep)) return null
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) return null
  // A link inside the folder must not lead out of it either.
  const [real, realRoot] = await Promise.all([realpath(path), realpath(root)]).catch(() => [null, null])
  if (!real || !realRoot || !real.startsWith(realRoot + sep)) return null
  return { path, contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', size: info.size }
}
