// The Electron security checklist in one place: permissions, navigation, new windows, webviews, the CSP.
// The decisions are plain Node (services/window-policy.ts, tested there); this file only wires them up.
import { app, shell, type Session, type WebContents } from 'electron'
import { isPermissionAllowed, mayNavigate, windowOpenDecision } from '../services/window-policy'

export function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionAllowed(permission)),
  )
  target.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission))
}

/** Applies to every web contents the app ever creates. `isAppUrl` says which URLs are the app itself. */
export function hardenAllContents(isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (!mayNavigate(url, isAppUrl)) event.preventDefault()
    }
    contents.on('will-navigate', guard)
    contents.on('will-redirect', guard)
    contents.on('will-frame-navigate', (event) => guard(event, event.url))
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url)
      if (decision.openInBrowser) void shell.openExternal(decision.openInBrowser)
      return { action: decision.action }
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
