// The renderer's Content-Security-Policy, defined once. Both hosts send it as a response header (the Electron
// window: src/main/electron/security.ts; the web bridge: src/main/web/server.ts), and the build writes it into
// the page's <meta> tag too (electron.vite.config.ts), which also covers a page whose headers the host cannot
// set. A meta tag cannot deliver every directive: Chromium ignores those and logs a console error, so the meta
// version leaves them out.

const DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'none'"],
  // No inline or remote scripts, no eval; images and media only from the app and its linq-media: protocol.
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'linq-media:'],
  'media-src': ["'self'", 'linq-media:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
}

/** Directives that only a response header delivers. */
export const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox']

export interface CspOptions {
  /** Where it is delivered: a header carries every directive, a meta tag all but HEADER_ONLY_DIRECTIVES. */
  delivery: 'header' | 'meta'
  /** More connect-src sources: the web bridge's WebSocket (ws://127.0.0.1:<port>). */
  connect?: string[]
  /**
   * No popups or new windows (window.open answers null, target=_blank does nothing): the CSP sandbox with
   * scripts, the page's own origin and its forms allowed. For the web bridge, whose browser has no
   * window-open handler of its own; header only.
   */
  noNewWindows?: boolean
  /**
   * Served by Vite's dev server (`npm run dev`), whose page needs an inline script (React Refresh's
   * preamble), injected <style> tags and its HMR socket. Never in a build.
   */
  devServer?: boolean
}

export function contentSecurityPolicy(options: CspOptions): string {
  const directives = structuredClone(DIRECTIVES)
  directives['connect-src']!.push(...(options.connect ?? []))
  if (options.devServer) {
    directives['script-src']!.push("'unsafe-inline'")
    directives['style-src']!.push("'unsafe-inline'")
    directives['connect-src']!.push('ws://localhost:*', 'ws://127.0.0.1:*')
  }
  if (options.noNewWindows) directives.sandbox = ['allow-scripts', 'allow-same-origin', 'allow-forms']
  return Object.entries(directives)
    .filter(([name]) => options.delivery === 'header' || !HEADER_ONLY_DIRECTIVES.includes(name))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}
