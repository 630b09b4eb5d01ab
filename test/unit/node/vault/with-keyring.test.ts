import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { describeWhen, envWithoutBus, hasCommand, REPO, tempDir } from './support'

const script = join(REPO, 'scripts/with-keyring.sh')
const dir = tempDir('linq-with-keyring-')

const run = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync('bash', [script, ...args], { cwd: REPO, env, encoding: 'utf8' })

describeWhen(
  ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon'].every(hasCommand),
  'the D-Bus tools or gnome-keyring are not installed (apt: dbus-x11 gnome-keyring)',
  'scripts/with-keyring.sh with gnome-keyring installed',
  () => {
    it('runs the command in a keyring session, quietly, and stops the daemon before returning', () => {
      const report = join(dir(), 'report.txt')
      const child = run(
        [
          'bash',
          '-c',
          `{ echo "keyring=$LINQ_KEYRING"; echo "bus=\${DBUS_SESSION_BUS_ADDRESS:+set}"; echo "runtime=\${XDG_RUNTIME_DIR-unset}"; echo "arg=$1"
             dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/ { print "daemon=" $2 }'; } > "$0"; exit 7`,
          report,
          'two words',
        ],
        envWithoutBus({ XDG_RUNTIME_DIR: '/run/caller-value' }),
      )
      expect(child.status).toBe(7)
      expect(child.stderr).toBe('')
      const lines = readFileSync(report, 'utf8')
      expect(lines).toContain('keyring=1\nbus=set\nruntime=/run/caller-value\narg=two words\n')
      const pid = /daemon=(\d+)/.exec(lines)?.[1]
      expect(pid).toBeDefined()
      // Gone, not even a zombie: the script waited for it.
      expect(existsSync(`/proc/${pid}`)).toBe(false)
    })
  },
)

it('without the D-Bus tools it runs the command as is, without LINQ_KEYRING, and says why in one line', () => {
  const bin = join(dir(), 'bin')
  mkdirSync(bin)
  symlinkSync(
    spawnSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim(),
    join(bin, 'bash'),
  )
  const child = run(['bash', '-c', 'echo "keyring=${LINQ_KEYRING-unset}"'], {
    ...envWithoutBus(),
    PATH: bin,
    LINQ_KEYRING: '1',
  })
  expect(child.status).toBe(0)
  expect(child.stdout).toBe('keyring=unset\n')
  expect(child.stderr.trim().split('\n')).toHaveLength(1)
  expect(child.stderr).toMatch(/^with-keyring: dbus-run-session not found/)
})
