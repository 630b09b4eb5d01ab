// Desktops for the team relay's tests: real app cores (createAppCore with the real main services, as the web
// bridge builds them) signed in to the chain's sandbox, each with its own data folder and so its own device id.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TeamRelayInput } from '../../../../src/shared/contract'
import type { TeamRelayStatus } from '../../../../src/shared/domain'
import { startTestCore, until, type TestCore, type TestCoreOptions } from '../../../support/core'
import { afterEach } from 'vitest'
import { startChain, type Chain } from '../relay/helpers'

export interface Desktop {
  test: TestCore
  dataDir: string
  workspaceId: string
  logLines: string[]
  status(): Promise<TeamRelayStatus>
  /** Event ids this desktop applied, in order (from its log: ids and types only, never a body). */
  applied(): string[]
  close(): Promise<void>
}

/** Polling slow enough that only the relay can explain a change within seconds. */
export const NO_POLLING = {
  activeFocusedMs: 10 * 60_000,
  activeVisibleMs: 10 * 60_000,
  listFocusedMs: 10 * 60_000,
  listVisibleMs: 10 * 60_000,
  hiddenMs: 10 * 60_000,
  relayHealthyMs: 10 * 60_000,
}

/** The chain's relay, for a desktop on the test nats-server (no sign-in needed there). */
export const relaySetting = (chain: Chain, extra: Partial<TeamRelayInput> = {}): TeamRelayInput => ({
  url: chain.nats.url,
  relayWorkspace: 'acme',
  credentials: { kind: 'none' },
  ...extra,
})

const EVENT_APPLIED = /team relay: event applied event="([^"]+)"/

/** Into the keychain where there is one, else the weak local store with the user's consent. */
async function signIn(test: TestCore, chain: Chain): Promise<string> {
  const { baseUrl, token } = chain.sandbox
  const answer = await test.value('signIn', { token, baseUrl })
  if (answer.status === 'signed-in') return answer.session.workspace.id
  const session = await test.value('chooseTokenStorage', {
    pendingId: answer.pendingId,
    storage: 'safe-storage',
    acceptWeakEncryption: true,
  })
  if (session.status !== 'signed-in') throw new Error('not signed in')
  return session.workspace.id
}

/** Starts (or, given a data folder, restarts) a desktop signed in to the chain's sandbox. */
export async function startDesktop(
  chain: Chain,
  options: { dataDir?: string } & Omit<TestCoreOptions, 'dataDir' | 'logLines' | 'logLevel'> = {},
): Promise<Desktop> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'linq-desk-')))
  const logLines: string[] = []
  const test = await startTestCore({
    intervals: NO_POLLING,
    relayConsumer: { ackWaitMs: 2000, stopTimeoutMs: 2000 },
    ...options,
    dataDir,
    logLines,
    logLevel: 'debug',
  })
  const session = await test.value('getSession')
  const workspaceId = session.status === 'signed-in' ? session.workspace.id : await signIn(test, chain)
  return {
    test,
    dataDir,
    workspaceId,
    logLines,
    status: () => test.value('getTeamRelay'),
    applied: () => logLines.flatMap((line) => EVENT_APPLIED.exec(line)?.[1] ?? []),
    close: () => test.core.dispose(),
  }
}

export async function waitForRelayState(desktop: Desktop, state: TeamRelayStatus['state'], ms = 10_000) {
  await until(async () => (await desktop.status()).state === state, ms)
}

export async function removeDesktop(desktop: Desktop) {
  await desktop.close()
  await rm(desktop.dataDir, { recursive: true, force: true })
}

/** A test's chain and desktops, torn down after it (each test starts its own chain). */
export function perTest() {
  let chain: Chain | undefined
  const desktops: Desktop[] = []
  const teardown = async () => {
    await Promise.all(desktops.splice(0).map(removeDesktop))
    await chain?.dispose()
    chain = undefined
  }
  afterEach(teardown)
  return {
    async chain(options?: Parameters<typeof startChain>[0]): Promise<Chain> {
      chain = await startChain(options)
      return chain
    },
    async desktop(c: Chain, options: Parameters<typeof startDesktop>[1] = {}): Promise<Desktop> {
      const d = await startDesktop(c, options)
      desktops.push(d)
      return d
    },
    teardown,
  }
}
