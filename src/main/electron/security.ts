// The Electron security checklist in one place: permissions, navigation, new windows, webviews, the CSP.
import { app, shell, type Session, type WebContents } from 'electron'
import { safeExternalUrl } from '../services/shell'

const ALLOWED_PERMISSIONS = new Set(['notifications'])

export function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  )
  target.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission))
}

/** Applies to every web contents the app ever creates. `isAppUrl` says which URLs are the app itself. */
export function hardenAllContents(isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.setWindowOpenHandler(({ url }) => {
      const external = safeExternalUrl(url)
      if (external) void shell.openExternal(external.toString())
      return { action: 'deny' }
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

/**
 * Sends the renderer's CSP (src/shared/csp.ts) as a response header on the app's own pages: the page's meta
 * tag carries it too, but a meta tag cannot deliver frame-ancestors.
 */
export function sendContentSecurityPolicy(
  target: Session,
  isAppPage: (url: string) => boolean,
  policy: string,
): void {
  target.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' || !isAppPage(details.url)) return callback({})
    const responseHeaders = { ...details.responseHeaders, 'Content-Security-Policy': [policy] }
    callback({ responseHeaders })
  })
}
