import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createKeytarVault,
  KEYCHAIN_SERVICE,
  keychainFailureReason,
} from '../../../../src/main/services/vault/keytar-vault'
import { VaultUnavailableError } from '../../../../src/main/services/vault/types'
import {
  childCommand,
  describeWhen,
  envWithoutBus,
  hasCommand,
  keyringReady,
  NO_KEYRING_REASON,
  REPO,
  runChild,
  tempDir,
  TOKEN,
  type ErrorReport,
  type FlowReport,
} from './support'

const dir = tempDir('linq-keychain-')
const rawKeytar = () =>
  createRequire(import.meta.url)('keytar') as {
    getPassword(service: string, account: string): Promise<string | null>
    findCredentials(service: string): Promise<{ account: string }[]>
  }

describeWhen(keyringReady, NO_KEYRING_REASON, 'keytar against a real Secret Service', () => {
  const service = `linq-desktop-test-${process.pid}-${randomUUID().slice(0, 8)}`
  const vault = createKeytarVault({ service })
  afterAll(async () => {
    if (!keyringReady) return
    for (const account of await vault.list()) await vault.delete(account)
  })

  it('sets, gets, overwrites, lists and deletes tokens for several workspaces', async () => {
    await vault.probe()
    expect(await vault.get('ws_one')).toBeNull()
    await vault.set('ws_one', TOKEN)
    await vault.set('ws_two', 'second ✓ ünïcode — 🔑 token')
    await vault.set('ws_three', 'third')
    expect(await vault.get('ws_one')).toBe(TOKEN)
    expect(await vault.get('ws_two')).toBe('second ✓ ünïcode — 🔑 token')
    expect((await vault.list()).sort()).toEqual(['ws_one', 'ws_three', 'ws_two'])

    await vault.set('ws_one', 'replaced')
    expect(await vault.get('ws_one')).toBe('replaced')
    expect((await vault.list()).sort()).toEqual(['ws_one', 'ws_three', 'ws_two'])

    expect(await vault.delete('ws_one')).toBe(true)
    expect(await vault.delete('ws_one')).toBe(false)
    expect(await vault.get('ws_one')).toBeNull()
    expect((await vault.list()).sort()).toEqual(['ws_three', 'ws_two'])
  })

  it('lists only its own service (findCredentials is scoped), and the probe leaves nothing behind', async () => {
    const other = createKeytarVault({ service: `${service}-other` })
    await other.set('ws_elsewhere', 'x-token')
    try {
      await vault.probe()
      expect(await vault.list()).not.toContain('ws_elsewhere')
      expect(await other.list()).toEqual(['ws_elsewhere'])
      const stored = (await rawKeytar().findCredentials(service)).map((c) => c.account)
      expect(stored.sort()).toEqual((await vault.list()).sort())
    } finally {
      await other.delete('ws_elsewhere')
    }
    expect(await other.list()).toEqual([])
  })

  it(`stores under the service "${KEYCHAIN_SERVICE}" with the workspace id as the account`, async () => {
    const account = `ws_test_${randomUUID().slice(0, 8)}`
    const appVault = createKeytarVault()
    await appVault.set(account, TOKEN)
    try {
      expect(await rawKeytar().getPassword('linq-desktop', account)).toBe(TOKEN)
      expect(await appVault.list()).toContain(account)
    } finally {
      expect(await appVault.delete(account)).toBe(true)
    }
  })

  it('the sign-in flow in a child process stores in the keychain', () => {
    const { report, output } = runChild<FlowReport>(childCommand('flow', dir()), {
      ...process.env,
      LINQ_TEST_TOKEN: TOKEN,
    })
    expect(report).toMatchObject({
      probe: null,
      saved: { stored: 'keychain' },
      chosen: null,
      loaded: { storage: 'keychain', matches: true },
      missing: { result: null },
      afterRemove: null,
    })
    expect(output).not.toContain(TOKEN)
  })
})

/** What every "keychain unavailable" flow must show: the fallback offered, the token kept out of sight. */
function expectFallback(report: FlowReport, output: string, reason: string) {
  expect(report.probe).toMatchObject({ name: 'VaultUnavailableError', kind: 'keychain', reason })
  expect(report).toMatchObject({
    saved: {
      stored: null,
      fallback: {
        keychainError: report.probe?.message,
        safeStorage: { available: true, backend: 'basic_text', isWeak: true },
      },
    },
    chosen: 'safe-storage',
    loaded: { storage: 'safe-storage', matches: true },
    missing: { result: null },
    afterRemove: null,
  })
  expect(output).not.toContain(TOKEN)
  // Not even an attempt to log it: redaction would have left its mark.
  expect(report.logs.join('\n')).not.toContain('[redacted]')
}

describe('without a usable Secret Service (real failures, in child processes)', () => {
  it('no D-Bus at all: keytar\'s "Cannot autolaunch D-Bus" becomes the fallback choice', () => {
    const { report, output } = runChild<FlowReport>(childCommand('flow', dir()), envWithoutBus())
    expectFallback(report, output, 'no-secret-service')
    expect(report.probe?.message).toMatch(/^No system keychain answered/)
    expect(report.probe?.detail).toBe('Cannot autolaunch D-Bus without X11 $DISPLAY')
    expect(report.probe?.retryable).toBe(false)
  })

  describeWhen(
    hasCommand('dbus-run-session'),
    'dbus-run-session is not installed (apt: dbus-x11)',
    'on a private session bus',
    () => {
      it('nothing provides org.freedesktop.secrets', () => {
        // A bus with no service directories, so nothing can be started on demand.
        const config = join(dir(), 'bare-bus.conf')
        writeFileSync(
          config,
          `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${dir()}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
        )
        const { report, output } = runChild<FlowReport>(
          ['dbus-run-session', `--config-file=${config}`, '--', ...childCommand('flow', dir())],
          envWithoutBus(),
        )
        expectFallback(report, output, 'no-secret-service')
        expect(report.probe?.detail).toMatch(
          /org\.freedesktop\.secrets was not provided by any \.service files/,
        )
      })
    },
  )

  describeWhen(
    ['dbus-run-session', 'gnome-keyring-daemon'].every(hasCommand),
    'dbus-run-session or gnome-keyring-daemon is not installed (apt: dbus-x11 gnome-keyring)',
    'with gnome-keyring but no usable keyring',
    () => {
      it('no default keyring, and no display to prompt for one: "locked"', () => {
        // The bus starts gnome-keyring on demand, in scratch dirs so no real keyring is found. With no display it
        // cannot prompt to create one, so reads answer "nothing there" and writes fail.
        const scratch = join(dir(), `keyring-${randomUUID().slice(0, 8)}`)
        const { report, output } = runChild<FlowReport>(
          ['dbus-run-session', '--', ...childCommand('flow', dir())],
          envWithoutBus({ XDG_DATA_HOME: join(scratch, 'data'), XDG_RUNTIME_DIR: join(scratch, 'run') }),
        )
        expectFallback(report, output, 'locked')
        expect(report.probe?.message).toMatch(/locked/)
        expect(report.probe?.retryable).toBe(true)
      })
    },
  )

  describeWhen(
    ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon', 'gdbus'].every(hasCommand),
    'the D-Bus tools or gnome-keyring are not installed (apt: dbus-x11 gnome-keyring libglib2.0-bin)',
    'a keyring locked after the token was stored',
    () => {
      it('writes fail as "locked", reads find nothing, and listing does not crash the process', () => {
        // keytar's findCredentials segfaults on a locked libsecret keyring; list() must never get that far.
        const shq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`
        const child = (mode: 'seed' | 'locked') => childCommand(mode, dir()).map(shq).join(' ')
        const script = [
          '[ "${LINQ_KEYRING:-}" = 1 ] || { echo "no keyring session" >&2; exit 3; }',
          `${child('seed')} >/dev/null`,
          `gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" >/dev/null`,
          child('locked'),
        ].join(' && ')
        const service = `linq-desktop-test-locked-${randomUUID().slice(0, 8)}`
        const { report, output } = runChild<
          Record<string, ErrorReport | { result: unknown }> & { logs: string[] }
        >(
          [join(REPO, 'scripts/with-keyring.sh'), 'bash', '-c', script],
          envWithoutBus({ LINQ_TEST_SERVICE: service }),
        )
        const locked = {
          name: 'VaultUnavailableError',
          reason: 'locked',
          detail: 'Cannot create an item in a locked collection',
          retryable: true,
        }
        expect(report).toMatchObject({
          probe: locked,
          list: locked,
          get: { result: null },
          set: locked,
          delete: { result: false },
          save: {
            result: {
              stored: null,
              fallback: { keychainError: expect.stringMatching(/locked/), safeStorage: { available: true } },
            },
          },
        })
        expect(output).not.toContain(TOKEN)
        expect(report.logs.join('\n')).not.toContain('[redacted]')
      })
    },
  )

  it('a broken or missing native module is a VaultUnavailableError at first use, not a crash at import', async () => {
    const broken = join(dir(), 'keytar.node')
    writeFileSync(broken, 'this is not a shared object')
    for (const module of [broken, join(dir(), 'no-such-keytar.node')]) {
      const vault = createKeytarVault({ module })
      const error = await vault.probe().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(VaultUnavailableError)
      expect(error).toMatchObject({
        kind: 'keychain',
        reason: 'module',
        message: 'The keychain support of Linq Desktop could not be loaded on this system.',
      })
      const setError = await vault.set('ws_a', TOKEN).catch((e: unknown) => e)
      expect(setError).toBeInstanceOf(VaultUnavailableError)
      expect(JSON.stringify({ ...(setError as object), message: (setError as Error).message })).not.toContain(
        TOKEN,
      )
    }
  })

  it('says in plain words what keychains on each OS answer', () => {
    const cases: [string, string][] = [
      ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-secret-service'],
      ['The name org.freedesktop.secrets was not provided by any .service files', 'no-secret-service'],
      ['Could not connect: No such file or directory', 'no-secret-service'],
      ['Timeout was reached', 'no-secret-service'],
      ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'locked'],
      ['Cannot create an item in a locked collection', 'locked'],
      ['User interaction is not allowed.', 'locked'], // macOS, keychain locked
      ['User canceled the operation.', 'refused'], // macOS
      ['The user name or passphrase you entered is not correct.', 'refused'], // macOS
      ['Access is denied.', 'refused'], // Windows
      ['Something nobody expected', 'unknown'],
    ]
    for (const [text, reason] of cases) expect([text, keychainFailureReason(text)]).toEqual([text, reason])
  })

  it('rejects empty input plainly, as a validation error rather than a keychain failure', async () => {
    const vault = createKeytarVault({ module: join(dir(), 'never-loaded.node') })
    await expect(vault.set('ws_a', '')).rejects.toMatchObject({ kind: 'validation' })
    await expect(vault.get('')).rejects.toMatchObject({ kind: 'validation' })
  })
})
