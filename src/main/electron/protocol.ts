// linq-desktop:// links from the OS. macOS delivers them as open-url (also the one that started the app);
// Windows and Linux start a second instance with the link in its argv, which the single-instance lock turns into
// 'second-instance' here while the second one quits. The first instance's own argv may hold one too (the app
// was started by a link). What a link means is decided in plain Node (services/deep-link.ts).
import { app } from 'electron'
import { DEEP_LINK_SCHEME, deepLinkInArgv } from '../services/deep-link'

/** Call before the app is ready, right after taking the single-instance lock: open-url can come that early. */
export function handleLinks(options: { onLink(raw: string): void; onSecondInstance(): void }): void {
  app.on('open-url', (event, url) => {
    event.preventDefault()
    options.onLink(url)
  })
  app.on('second-instance', (_event, argv) => {
    const link = deepLinkInArgv(argv)
    if (link) options.onLink(link)
    else options.onSecondInstance()
  })
  const own = deepLinkInArgv(process.argv)
  if (own) options.onLink(own)
}

/** Makes this app the OS's handler for linq-desktop:// (installed builds; a development run never claims it). */
export function registerLinkScheme(): void {
  if (app.isPackaged && !app.isDefaultProtocolClient(DEEP_LINK_SCHEME))
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
}
