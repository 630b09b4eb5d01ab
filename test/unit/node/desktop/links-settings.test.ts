// linq-desktop:// links and the desktop settings through the whole main process (createAppCore), as the
// Electron composition root uses it: the OS hands a link to openDeepLink, the window asks through dispatch.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../../src/shared/domain'
import { startDesktopApp, type DesktopApp } from './support'

let apps: DesktopApp[] = []
afterEach(async () => {
  for (const app of apps) await app.close()
  apps = []
})
const start = async (options: Parameters<typeof startDesktopApp>[0] = {}) => {
  const app = await startDesktopApp(options)
  apps.push(app)
  return app
}

describe('links', () => {
  it('a chat link brings the window forward and opens the chat, and waits for a window that is not there yet', async () => {
    const app = await start()
    expect(app.core.openDeepLink('linq-desktop://chat/1234')).toBe(true)
    expect(app.focused).toBe(1)
    expect(app.eventsOf('openChat')).toEqual([{ chatId: '1234' }])
    expect(await app.value('takeOpenRequest')).toEqual({ kind: 'chat', chatId: '1234' })
  })

  it('a new-chat link carries its recipients and text to the window, and sends nothing', async () => {
    const app = await start()
    await app.value('startDemo')
    const state = app.sandbox().state
    const total = () => [...state.chats.keys()].reduce((n, id) => n + state.messagesOf(id).length, 0)
    const before = total()
    app.core.openDeepLink('linq-desktop://new?to=%2B1%20415%20555%200123&text=Your%20order%20is%20ready')
    expect(app.eventsOf('openNewChat')).toEqual([{ to: ['+14155550123'], text: 'Your order is ready' }])
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(total()).toBe(before)
    // Nothing was queued in the outbox either (an outbox message carries its local id).
    const queued = app
      .eventsOf('messagesUpserted')
      .flatMap((e) => e.messages.filter((m) => m.localId !== null))
    expect(queued).toEqual([])
  })

  it('a hostile link does nothing, and the log says why without repeating what it carried', async () => {
    const app = await start()
    for (const url of [
      'linq-desktop://chat/../../settings',
      'linq-desktop://new?to=%2B14155550123&text=secret%20words&send=1',
      'javascript:alert(1)',
      { url: 'linq-desktop://chat/1' },
    ])
      expect(app.core.openDeepLink(url)).toBe(false)
    expect(app.focused).toBe(0)
    expect(app.events.filter((e) => e.event === 'openChat' || e.event === 'openNewChat')).toEqual([])
    expect(await app.value('takeOpenRequest')).toBeNull()
    const log = app.logLines.join('\n')
    expect(log.match(/link refused/g)).toHaveLength(4)
    expect(log).not.toMatch(/secret words|secret%20words|4155550123|settings/)
    // The user hears why, in the same words, never the link's contents.
    const notices = app.eventsOf('notice').map((n) => n.message)
    expect(notices).toHaveLength(4)
    expect(notices[1]).toBe('Linq did not open that link. The link has a parameter Linq does not know.')
    expect(notices.join('\n')).not.toMatch(/secret|4155550123/)
  })
})

describe('desktop settings', () => {
  it('are off by default, saved, applied at start and on each change, and kept across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'linq-settings-'))
    try {
      const first = await start({ dataDir, keepDataDir: true })
      expect(await first.value('getSettings')).toEqual(DEFAULT_SETTINGS)
      expect(first.settingsApplied).toEqual([DEFAULT_SETTINGS])
      const changed = await first.value('updateSettings', {
        keepRunningInTray: true,
        launchAtLogin: true,
        doNotDisturbUntil: 1_900_000_000_000,
        updateFeedUrl: 'https://updates.example.com/linq',
      })
      expect(first.settingsApplied.at(-1)).toEqual(changed)
      await first.close()
      apps = []
      const second = await start({ dataDir, keepDataDir: true })
      expect(await second.value('getSettings')).toEqual(changed)
      expect(second.settingsApplied).toEqual([changed])
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('an app.json from before these settings loads, with the new ones at their defaults', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'linq-settings-'))
    try {
      await writeFile(
        join(dataDir, 'app.json'),
        JSON.stringify({
          settings: { notificationsEnabled: false, notificationPreviews: true },
          remembered: null,
        }),
      )
      const app = await start({ dataDir, keepDataDir: true })
      expect(await app.value('getSettings')).toEqual({ ...DEFAULT_SETTINGS, notificationsEnabled: false })
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('refuses an update address that is not https, and do not disturb that is not a time', async () => {
    const app = await start()
    for (const input of [
      { updateFeedUrl: 'http://updates.example.com' },
      { updateFeedUrl: 'file:///etc/passwd' },
      { doNotDisturbUntil: -1 },
      { doNotDisturbUntil: 1.5 },
      { launchAtLogin: 'yes' },
    ]) {
      const result = await app.core.dispatch('updateSettings', input, { trusted: true })
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { kind: 'validation' } })
    }
    expect(await app.value('getSettings')).toEqual(DEFAULT_SETTINGS)
  })
})
