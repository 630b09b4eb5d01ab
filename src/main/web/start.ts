// Composition root for the web bridge (npm run preview:web and the e2e tests): the same services as the
// Electron app, with the Node twins of the Electron adapters.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAppCore, type AppCore } from '../services/app-core'
import { createLogger, type Logger } from '../services/log'
import { startWebBridge, MEDIA_PREFIX, type WebBridge } from './server'

export interface WebAppOptions {
  /** App data dir; a fresh temporary one when omitted. */
  dataDir?: string
  port?: number
  /** Repo root holding out/ (defaults to the current directory). */
  root?: string
  logger?: Logger
}

export interface WebApp {
  url: string
  origin: string
  dataDir: string
  core: AppCore
  close(): Promise<void>
}

export async function startWebApp(options: WebAppOptions = {}): Promise<WebApp> {
  const root = resolve(options.root ?? process.cwd())
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'linq-web-')))
  const logger = options.logger ?? createLogger({ file: join(dataDir, 'logs', 'main.log') })
  const core = await createAppCore({
    runtime: 'web-bridge',
    dataDir,
    dataDirKind: options.dataDir ? 'custom' : 'temporary',
    logger,
    mediaSrc: (mediaPath) => MEDIA_PREFIX + mediaPath,
  })
  let bridge: WebBridge
  try {
    bridge = await startWebBridge({
      dispatch: core.dispatch,
      events: core.events,
      logger,
      rendererDir: join(root, 'out', 'renderer'),
      bridgeScript: join(root, 'out', 'web-bridge', 'web-bridge.js'),
      resolveMedia: core.resolveMedia,
      port: options.port,
    })
  } catch (error) {
    await core.dispose()
    throw error
  }
  return {
    url: bridge.url,
    origin: bridge.origin,
    dataDir,
    core,
    async close() {
      await bridge.close()
      await core.dispose()
    },
  }
}
