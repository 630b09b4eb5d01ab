// What the app's windows may do, as plain decisions the Electron adapter (src/main/electron/security.ts)
// carries out, so they are tested without Electron: a window never leaves the app (navigation, redirects),
// never opens another window (https: and mailto: links go to the system browser instead; everything else,
// file:, javascript:, data:, custom schemes, is dropped), and gets no permission but notifications.
import { safeExternalUrl } from './shell'

const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications'])

/** Which URLs are the app's own page: the renderer entry itself, with a query or a fragment at most. */
export function appUrlMatcher(rendererUrl: string): (url: string) => boolean {
  return (url) =>
    url === rendererUrl || url.startsWith(rendererUrl + '#') || url.startsWith(rendererUrl + '?')
}

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission)
}

/** will-navigate / will-redirect / will-frame-navigate: only the app's own page. */
export function mayNavigate(url: string, isAppUrl: (url: string) => boolean): boolean {
  return isAppUrl(url)
}

/** A window the page asked for: always denied; the URL to hand to the browser instead, if any. */
export function windowOpenDecision(url: string): { action: 'deny'; openInBrowser: string | null } {
  return { action: 'deny', openInBrowser: safeExternalUrl(url)?.toString() ?? null }
}
