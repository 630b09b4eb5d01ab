// Composition root for the web bridge (npm run preview:web and the e2e tests): the same services as the
// Electron app, with the Node twins of the Electron adapters.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAppCore, type AppCore, type AppCoreOptions } from '../services/app-core'
import { confEngine } from '../services/cache/engine'
import { createLogger, type Logger } from '../services/log'
import { createRecordingBadge, createRecordingNotifier } from '../services/notifications/recording'
import { createRecordingShell } from '../services/shell'
import { createConfKeyValue } from '../services/vault/conf-key-value'
import { createKeytarVault } from '../services/vault/keytar-vault'
import { RELAY_KEYCHAIN_SERVICE } from '../services/team-relay/settings'
import { createNodeEncryptor } from '../services/vault/node-encryptor'
import { openSafeStorageVault } from '../services/vault/safe-storage-vault'
import { createTokenStore } from '../services/vault/token-store'
import { startWebBridge, MEDIA_PREFIX, type WebBridge } from './server'

export interface WebAppOptions {
  /** App data dir; a fresh temporary one when omitted. */
  dataDir?: string
  port?: number
  /** Repo root holding out/ (defaults to the current directory). */
  root?: string
  logger?: Logger
  /** The demo workspace's sandbox options and polling intervals (tests make both quick). */
  demo?: AppCoreOptions['demo']
  intervals?: AppCoreOptions['intervals']
}

export interface WebApp {
  url: string
  origin: string
  dataDir: string
  core: AppCore
  /** Node twins of the system integrations, so tests can see what the app asked the OS to do. */
  notifier: ReturnType<typeof createRecordingNotifier>
  badge: ReturnType<typeof createRecordingBadge>
  shell: ReturnType<typeof createRecordingShell>
  close(): Promise<void>
}

export async function startWebApp(options: WebAppOptions = {}): Promise<WebApp> {
  const root = resolve(options.root ?? process.cwd())
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'linq-web-')))
  const logger = options.logger ?? createLogger({ file: join(dataDir, 'logs', 'main.log') })
  const notifier = createRecordingNotifier()
  const badge = createRecordingBadge()
  const shell = createRecordingShell({ downloadsDir: join(dataDir, 'Downloads') })
  const tokenStore = createTokenStore({
    keychain: createKeytarVault(),
    logger,
    // No Electron safeStorage here: its Node twin, which is honest that it is basic_text-grade protection.
    safeStorage: () =>
      openSafeStorageVault(
        createNodeEncryptor({ keyFile: join(dataDir, 'vault.key') }),
        createConfKeyValue({ cwd: dataDir, name: 'tokens' }),
      ),
  })
  const core = await createAppCore({
    runtime: 'web-bridge',
    dataDir,
    dataDirKind: options.dataDir ? 'custom' : 'temporary',
    logger,
    mediaSrc: (mediaPath) => MEDIA_PREFIX + mediaPath,
    engine: confEngine,
    tokenStore,
    notifier,
    badge,
    shell,
    demo: options.demo,
    intervals: options.intervals,
    relayVault: createKeytarVault({ service: RELAY_KEYCHAIN_SERVICE }),
  })
  await core.restore()
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
    notifier,
    badge,
    shell,
    async close() {
      await bridge.close()
      await core.dispose()
    },
  }
}
