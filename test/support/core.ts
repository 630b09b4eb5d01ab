// The app core as the web bridge builds it, for tests that drive it directly (no window): real files,
// the Node token vault (no keychain, so the token goes to the Node twin of safeStorage after an explicit
// choice), recording OS adapters. Used by the node unit tests and the soak's child process.
import { join } from 'node:path'
import type { ChannelName, ChannelResult } from '../../src/shared/contract'
import type { IpcResult } from '../../src/shared/errors'
import { createAppCore, type AppCore, type AppCoreOptions } from '../../src/main/services/app-core'
import { confEngine, type StoreEngine } from '../../src/main/services/cache/engine'
import { createLogger } from '../../src/main/services/log'
import {
  createRecordingBadge,
  createRecordingNotifier,
} from '../../src/main/services/notifications/recording'
import { createRecordingShell } from '../../src/main/services/shell'
import { createConfKeyValue } from '../../src/main/services/vault/conf-key-value'
import { createKeytarVault } from '../../src/main/services/vault/keytar-vault'
import { createNodeEncryptor } from '../../src/main/services/vault/node-encryptor'
import { openSafeStorageVault } from '../../src/main/services/vault/safe-storage-vault'
import { createTokenStore } from '../../src/main/services/vault/token-store'

export interface TestCoreOptions {
  dataDir: string
  /** 'unavailable' (default): a keytar that cannot load; or a real keychain under this service name. */
  keychain?: 'unavailable' | { service: string }
  engine?: StoreEngine
  demo?: AppCoreOptions['demo']
  intervals?: AppCoreOptions['intervals']
  api?: AppCoreOptions['api']
  /** What the Electron app wires to the OS: the window, settings applied outside the app, the updater. */
  desktop?: Pick<AppCoreOptions, 'focusWindow' | 'onSettings' | 'updater'>
  /** Receives every log line (debug and up with `logLevel: 'debug'`). */
  logLines?: string[]
  logLevel?: 'debug' | 'info'
  /** The team relay consumer's waits (shortened in tests). */
  relayConsumer?: AppCoreOptions['relayConsumer']
  /** The machine's sleep and wake (the Node twin, createPowerSignals, lets a test play the OS). */
  power?: AppCoreOptions['power']
}

export interface TestCore {
  core: AppCore
  shell: ReturnType<typeof createRecordingShell>
  notifier: ReturnType<typeof createRecordingNotifier>
  badge: ReturnType<typeof createRecordingBadge>
  call<C extends ChannelName>(channel: C, input?: unknown): Promise<IpcResult<ChannelResult<C>>>
  /** The call's value; throws with the error's message when it failed. */
  value<C extends ChannelName>(channel: C, input?: unknown): Promise<ChannelResult<C>>
}

export async function startTestCore(options: TestCoreOptions): Promise<TestCore> {
  const { dataDir } = options
  const logLines = options.logLines
  const logger = createLogger({
    console: false,
    level: options.logLevel,
    sink: logLines ? (line) => logLines.push(line) : undefined,
  })
  const keychain = options.keychain ?? 'unavailable'
  const shell = createRecordingShell({ downloadsDir: join(dataDir, 'Downloads') })
  const notifier = createRecordingNotifier()
  const badge = createRecordingBadge()
  const core = await createAppCore({
    runtime: 'web-bridge',
    dataDir,
    dataDirKind: 'custom',
    logger,
    mediaSrc: (p) => '/media/' + p,
    engine: options.engine ?? confEngine,
    tokenStore: createTokenStore({
      // A keytar that cannot load is one real way the keychain is unavailable (others: no Secret Service, locked).
      keychain:
        keychain === 'unavailable'
          ? createKeytarVault({ module: join(dataDir, 'no-such-keytar.node') })
          : createKeytarVault({ service: keychain.service }),
      logger,
      safeStorage: () =>
        openSafeStorageVault(
          createNodeEncryptor({ keyFile: join(dataDir, 'vault.key') }),
          createConfKeyValue({ cwd: dataDir, name: 'tokens' }),
        ),
    }),
    notifier,
    badge,
    shell,
    demo: options.demo ?? { seed: 1, activity: false, chatCount: 4, bigChatSize: 20 },
    intervals: options.intervals,
    api: options.api,
    // Team relay secrets: in a keychain service of their own beside the token's, or nowhere.
    relayVault:
      keychain === 'unavailable' ? undefined : createKeytarVault({ service: `${keychain.service}-relay` }),
    relayConsumer: options.relayConsumer,
    power: options.power,
    ...options.desktop,
  })
  await core.restore()
  const call = async <C extends ChannelName>(channel: C, input: unknown = {}) =>
    (await core.dispatch(channel, input, { trusted: true })) as IpcResult<ChannelResult<C>>
  const value = async <C extends ChannelName>(channel: C, input: unknown = {}) => {
    const result = await call(channel, input)
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.message}`)
    return result.value
  }
  return { core, shell, notifier, badge, call, value }
}

/** Signs in with a token where there is no keychain: the weak local store, with the user's consent. */
export async function signInWithoutKeychain(test: TestCore, baseUrl: string, token: string): Promise<string> {
  const asked = await test.value('signIn', { token, baseUrl })
  if (asked.status !== 'choose-storage') throw new Error(`expected the storage choice, got ${asked.status}`)
  const session = await test.value('chooseTokenStorage', {
    pendingId: asked.pendingId,
    storage: 'safe-storage',
    acceptWeakEncryption: true,
  })
  if (session.status !== 'signed-in') throw new Error('not signed in')
  return session.workspace.id
}

/**
 * Polls `check` until it is true (for setup outside a test, where expect.poll is not allowed). `wait` is the
 * timeout in ms, or what is awaited (named in the error) with the default timeout.
 */
export async function until(
  check: () => Promise<boolean> | boolean,
  wait: number | string = 20_000,
): Promise<void> {
  const end = Date.now() + (typeof wait === 'number' ? wait : 20_000)
  while (!(await check())) {
    if (Date.now() > end)
      throw new Error(`timed out waiting${typeof wait === 'string' ? ` for ${wait}` : ''}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
