// Shared by the vault tests: whether a real Secret Service is here (scripts/with-keyring.sh), and running the
// keychain in a child process whose environment decides what keytar finds.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe } from 'vitest'

export const REPO = resolve(import.meta.dirname, '../../../..')

/** Long and distinctive, so any leak shows up in a plain substring search. */
export const TOKEN = 'lq_live_Zx9-vault-TEST-token-4711-do-not-leak'

export const keyringReady = process.env.LINQ_KEYRING === '1'
/** In CI (or when asked) a missing Secret Service or D-Bus tool is a failure, not a skip. */
export const keyringRequired = process.env.CI === 'true' || process.env.LINQ_REQUIRE_KEYRING === '1'

/**
 * describe() for tests that need `need` to be true: skipped with a printed reason when it is not, unless CI
 * or LINQ_REQUIRE_KEYRING=1 requires it, in which case every test in the block fails with that reason.
 */
export function describeWhen(need: boolean, reason: string, name: string, body: () => void): void {
  if (need) {
    describe(name, body)
  } else if (keyringRequired) {
    describe(name, () => {
      beforeAll(() => {
        throw new Error(`required here (CI=true or LINQ_REQUIRE_KEYRING=1) but ${reason}`)
      })
      body()
    })
  } else {
    console.log(`[vault] skipped "${name}": ${reason}`)
    describe.skip(name, body)
  }
}

export const NO_KEYRING_REASON =
  'LINQ_KEYRING is not 1, so no real Secret Service is running; run through scripts/with-keyring.sh'

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

/** A temp dir removed after the file's tests. */
export function tempDir(prefix: string): () => string {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return () => dir
}

/** What fixtures/keychain-child.ts prints in its "flow" mode. */
export interface FlowReport {
  probe: ErrorReport | null
  saved: unknown
  chosen: string | null
  loaded: { storage: string; matches: boolean } | null
  missing: ErrorReport | { result: unknown }
  afterRemove: unknown
  logs: string[]
}

export interface ErrorReport {
  name: string
  kind: string
  reason: string | null
  message: string
  detail: string | null
  retryable: boolean
}

/** An environment with no session bus and no display: a Linux desktop without a keyring. */
export function envWithoutBus(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, LINQ_TEST_TOKEN: TOKEN }
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'LINQ_KEYRING'])
    delete env[name]
  return env
}

/** The command that runs fixtures/keychain-child.ts in `mode`. */
export function childCommand(mode: 'flow' | 'seed' | 'locked', dataDir: string): string[] {
  return [
    process.execPath,
    '--import',
    'tsx',
    join(import.meta.dirname, 'fixtures/keychain-child.ts'),
    mode,
    dataDir,
  ]
}

/**
 * Runs a command that ends with the keychain child and parses the child's report (its last stdout line). The
 * whole output comes back too, to check that the token never appears in it.
 */
export function runChild<T>(command: string[], env: NodeJS.ProcessEnv): { report: T; output: string } {
  const child = spawnSync(command[0]!, command.slice(1), { cwd: REPO, env, encoding: 'utf8' })
  const output = `${child.stdout}\n${child.stderr}`
  if (child.status !== 0)
    throw new Error(`${command.join(' ')} exited ${child.status ?? child.signal}:\n${output}`)
  const last = child.stdout.trim().split('\n').at(-1) ?? ''
  return { report: JSON.parse(last) as T, output }
}
