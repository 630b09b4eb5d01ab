// The plain-Node rules behind the desktop integration: badge view, tray menu, launch at login on Linux, open
// requests, mutes on disk, and which renderer files the linq-app:// protocol serves.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEventHub } from '../../../../src/main/services/events'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createLogger } from '../../../../src/main/services/log'
import {
  AUTOSTART_FILE,
  autostartEntry,
  execArgument,
  setAutostart,
} from '../../../../src/main/services/autostart'
import { badgeView } from '../../../../src/main/services/notifications/badge'
import { MAX_MUTES, openMutes } from '../../../../src/main/services/notifications/mutes'
import { damageNotice } from '../../../../src/main/services/notices'
import { createOpenRequests, KEEP_OPEN_REQUEST_MS } from '../../../../src/main/services/open-requests'
import type { DamageReport } from '../../../../src/main/services/persist/documents'
import { rendererFile } from '../../../../src/main/services/renderer-files'
import { trayMenu, trayTooltip } from '../../../../src/main/services/tray-menu'

const work = mkdtempSync(join(tmpdir(), 'linq-desktop-units-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
const quiet = (lines: string[] = []) => createLogger({ console: false, sink: (line) => lines.push(line) })

describe('the badge view', () => {
  it('shows the count, capped for the dock and the overlay, in words for screen readers', () => {
    expect(badgeView(0)).toEqual({ count: 0, label: '', overlay: null, description: 'No unread messages' })
    expect(badgeView(1)).toEqual({ count: 1, label: '1', overlay: '1', description: '1 unread message' })
    expect(badgeView(12)).toMatchObject({ label: '12', overlay: '9+', description: '12 unread messages' })
    expect(badgeView(1234)).toMatchObject({
      label: '99+',
      overlay: '9+',
      description: '1,234 unread messages',
    })
    for (const odd of [-3, Number.NaN, Number.POSITIVE_INFINITY]) expect(badgeView(odd).count).toBe(0)
    expect(badgeView(2.7).count).toBe(2)
  })
})

describe('the tray menu', () => {
  it('offers Open, New Chat and Quit, with the unread count in words above them', () => {
    const labels = (n: number) =>
      trayMenu(badgeView(n)).map((item) => (item.kind === 'separator' ? '—' : item.label))
    expect(labels(0)).toEqual(['Open Linq', 'New Chat', '—', 'Quit Linq'])
    expect(labels(3)).toEqual(['3 unread messages', '—', 'Open Linq', 'New Chat', '—', 'Quit Linq'])
    expect(trayMenu(badgeView(3))[0]).toEqual({ kind: 'info', label: '3 unread messages' })
    expect(
      trayMenu(badgeView(0))
        .filter((i) => i.kind === 'command')
        .map((i) => i.command),
    ).toEqual(['open', 'new-chat', 'quit'])
    expect(trayTooltip(badgeView(0))).toBe('Linq')
    expect(trayTooltip(badgeView(2))).toBe('Linq: 2 unread messages')
  })
})

describe('launch at login on Linux', () => {
  it('quotes the executable as the Desktop Entry spec requires', () => {
    expect(execArgument('/opt/Linq/linq-desktop')).toBe('/opt/Linq/linq-desktop')
    expect(execArgument('/home/ann/My Apps/Linq.AppImage')).toBe('"/home/ann/My Apps/Linq.AppImage"')
    expect(execArgument('/tmp/a"b$c`d\\e')).toBe('"/tmp/a\\"b\\$c\\`d\\\\e"')
    expect(execArgument('/opt/100%/linq')).toBe('/opt/100%%/linq')
    expect(autostartEntry('/opt/Linq/linq-desktop')).toContain(
      'Exec=/opt/Linq/linq-desktop --launched-at-login\n',
    )
  })

  it('writes the autostart entry when on and removes it when off', async () => {
    const configHome = join(work, 'config')
    const file = join(configHome, 'autostart', AUTOSTART_FILE)
    await setAutostart({ configHome, executable: '/opt/Linq/linq-desktop', enabled: true })
    expect(readFileSync(file, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Linq\n/)
    expect(statSync(file).mode & 0o777).toBe(0o644)
    await setAutostart({ configHome, executable: '/opt/Linq/linq-desktop', enabled: false })
    expect(() => statSync(file)).toThrow()
    // Off when it was never on: nothing to do, no error.
    await setAutostart({ configHome, executable: '/opt/Linq/linq-desktop', enabled: false })
  })
})

describe('open requests', () => {
  it('announce each request and keep the newest until a window takes it, once, for a few minutes', () => {
    const events = createEventHub()
    const seen: unknown[] = []
    events.subscribe((event, payload) => seen.push({ event, payload }))
    let now = 1_000
    const requests = createOpenRequests({ events, now: () => now })
    requests.open({ kind: 'chat', chatId: '5' })
    requests.open({ kind: 'new', to: ['+14155550123'], text: 'Hi' })
    expect(seen).toEqual([
      { event: 'openChat', payload: { chatId: '5' } },
      { event: 'openNewChat', payload: { to: ['+14155550123'], text: 'Hi' } },
    ])
    expect(requests.take()).toEqual({ kind: 'new', to: ['+14155550123'], text: 'Hi' })
    expect(requests.take()).toBeNull()
    requests.open({ kind: 'chat', chatId: '6' })
    now += KEEP_OPEN_REQUEST_MS + 1
    expect(requests.take()).toBeNull()
  })
})

describe('mutes on disk', () => {
  it('survive reopening; entries that are not chat ids are set aside; a damaged file starts unmuted', () => {
    const dir = join(work, 'workspace')
    const mutes = openMutes({ dir, engine: confEngine, logger: quiet() })
    mutes.set('12', true)
    mutes.set('13', true)
    mutes.set('12', false)
    expect(openMutes({ dir, engine: confEngine, logger: quiet() }).list()).toEqual(['13'])
    expect(JSON.parse(readFileSync(join(dir, 'mutes.json'), 'utf8'))).toEqual({
      schemaVersion: 1,
      mutedChatIds: ['13'],
    })

    writeFileSync(
      join(dir, 'mutes.json'),
      JSON.stringify({ mutedChatIds: ['13', 7, '', 'x'.repeat(65), '14'] }),
    )
    const damage: DamageReport[] = []
    const lines: string[] = []
    const partly = openMutes({
      dir,
      engine: confEngine,
      logger: quiet(lines),
      onDamage: (r) => damage.push(r),
    })
    expect(partly.list()).toEqual(['13', '14'])
    expect(damage).toMatchObject([{ document: 'mutes', entries: 3, whole: false }])
    // The rejected entries are kept beside the file, not lost; the log names no value.
    expect(JSON.parse(readFileSync(damage[0]!.aside!, 'utf8'))).toEqual([7, '', 'x'.repeat(65)])
    expect(damageNotice(damage[0]!).message).toBe('3 muted chats could not be restored and notify again.')

    writeFileSync(join(dir, 'mutes.json'), '{"mutedChatIds": [')
    const whole: DamageReport[] = []
    const damaged = openMutes({
      dir,
      engine: confEngine,
      logger: quiet(lines),
      onDamage: (r) => whole.push(r),
    })
    expect(damaged.list()).toEqual([])
    expect(whole).toMatchObject([{ document: 'mutes', whole: true }])
    expect(readdirSync(dir).filter((name) => name.startsWith('mutes.json.corrupt-'))).toHaveLength(1)
    damaged.set('20', true)
    expect(openMutes({ dir, engine: confEngine, logger: quiet() }).list()).toEqual(['20'])
  })

  it('keep at most their maximum, forgetting the oldest', () => {
    const dir = join(work, 'many')
    expect(MAX_MUTES).toBe(10_000)
    const mutes = openMutes({ dir, engine: confEngine, logger: quiet(), max: 50 })
    for (let i = 1; i <= 51; i++) mutes.set(String(i), true)
    expect(mutes.has('1')).toBe(false)
    expect(mutes.list()).toHaveLength(50)
    expect(openMutes({ dir, engine: confEngine, logger: quiet(), max: 50 }).list()).toEqual(mutes.list())
  })
})

describe('renderer files (linq-app://)', () => {
  const root = join(work, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html>')
  writeFileSync(join(root, 'assets', 'app.js'), 'export {}')
  writeFileSync(join(work, 'secret.txt'), 'not for the page')
  symlinkSync(join(work, 'secret.txt'), join(root, 'assets', 'link.txt'))

  it('serves files of the build with their types; / is index.html', async () => {
    expect(await rendererFile(root, '/')).toMatchObject({
      path: join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    })
    expect(await rendererFile(root, '/assets/app.js')).toMatchObject({
      contentType: 'text/javascript; charset=utf-8',
      size: 9,
    })
  })

  it('never anything outside the build, however the path is spelt', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/index.html%00.png',
      '/%E0%A4%A',
      '/assets',
      '/missing.js',
      '/assets/link.txt',
    ])
      expect(await rendererFile(root, path), path).toBeNull()
  })
})
