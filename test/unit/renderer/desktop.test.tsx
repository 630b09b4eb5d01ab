// What the desktop asks of the window: mute a chat (header, chat menu), links and notification clicks that
// open a chat or a new one (never sending), do not disturb and the installed app's settings, the update banner.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../../../src/renderer/App'
import { Workspace } from '../../../src/renderer/features/workspace/Workspace'
import { useChatsStore } from '../../../src/renderer/state/chats'
import { useDraftsStore } from '../../../src/renderer/state/drafts'
import { useUiStore } from '../../../src/renderer/state/ui'
import { DND_FOREVER } from '../../../src/shared/domain'
import { at, LINQ_WORKSPACE, makeChat, type FakeLinq } from './fake-linq'
import { installFake, startSignedIn } from './harness'

const ann = makeChat({
  id: '101',
  title: 'Ann Lee',
  participants: [{ id: 'p1', handle: '+14155550101', service: 'iMessage' }],
  lastActivityAt: at(30),
  unreadCount: 2,
})
const bob = makeChat({
  id: '102',
  title: 'Bob Stone',
  participants: [{ id: 'p2', handle: '+13125550123', service: 'SMS' }],
  lastActivityAt: at(50),
})
const group = makeChat({
  id: '103',
  title: 'Ann and Bob',
  isGroup: true,
  participants: [
    { id: 'p1', handle: '+14155550101', service: 'iMessage' },
    { id: 'p2', handle: '+13125550123', service: 'iMessage' },
  ],
  lastActivityAt: at(10),
})

let stop: (() => void) | null = null
afterEach(() => {
  stop?.()
  stop = null
})

async function workspace(seed: Parameters<typeof startSignedIn>[0] = {}): Promise<FakeLinq> {
  const started = await startSignedIn({ chats: [ann, bob, group], ...seed })
  stop = started.disconnect
  render(<Workspace />)
  return started.fake
}

const row = (chatId: string) =>
  document.querySelector<HTMLElement>(`button.chat-row[data-chat-id="${chatId}"]`)!

describe('muting a chat', () => {
  it('from the chat header: a switch that says its state, and a mark on the row', async () => {
    const fake = await workspace()
    const user = userEvent.setup()
    await user.click(row('101'))
    const bell = await screen.findByRole('button', { name: 'Mute notifications' })
    expect(bell).toHaveAttribute('aria-pressed', 'false')
    await user.click(bell)
    await waitFor(() => expect(fake.muted.has('101')).toBe(true))
    expect(bell).toHaveAttribute('aria-pressed', 'true')
    expect(within(row('101')).getByTestId('chat-muted')).toHaveTextContent('notifications muted')
    await user.click(bell)
    await waitFor(() => expect(fake.muted.has('101')).toBe(false))
    expect(within(row('101')).queryByTestId('chat-muted')).toBeNull()
  })

  it('from the chat list: right-click or the keyboard opens the chat’s menu', async () => {
    const fake = await workspace()
    const user = userEvent.setup()
    fireEvent.contextMenu(row('102'), { clientX: 40, clientY: 60 })
    const menu = await screen.findByRole('menu', { name: 'Chat actions' })
    await waitFor(() => expect(within(menu).getByRole('menuitem', { name: 'Open chat' })).toHaveFocus())
    await user.keyboard('{ArrowDown}')
    expect(within(menu).getByRole('menuitem', { name: 'Mute notifications' })).toHaveFocus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(fake.muted.has('102')).toBe(true))
    expect(screen.queryByRole('menu')).toBeNull()
    expect(row('102')).toHaveFocus()
    // Shift+F10 on the focused row: the same menu, now offering to unmute; Escape puts focus back.
    await user.keyboard('{Shift>}{F10}{/Shift}')
    const again = await screen.findByRole('menu', { name: 'Chat actions' })
    expect(within(again).getByRole('menuitem', { name: 'Unmute notifications' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(row('102')).toHaveFocus()
    // An unread chat's menu can mark it read.
    fireEvent.contextMenu(row('101'))
    await user.click(await screen.findByRole('menuitem', { name: 'Mark as read' }))
    await waitFor(() => expect(fake.chats.get('101')!.unreadCount).toBe(0))
  })

  it('puts the switch back and says so when main refuses', async () => {
    const fake = await workspace()
    const user = userEvent.setup()
    await user.click(row('101'))
    fake.failNext('setChatMuted', 'The setting could not be saved.')
    await user.click(await screen.findByRole('button', { name: 'Mute notifications' }))
    await waitFor(() =>
      expect(useUiStore.getState().notices.map((n) => n.message)).toContain(
        'The setting could not be saved.',
      ),
    )
    expect(screen.getByRole('button', { name: 'Mute notifications' })).toHaveAttribute(
      'aria-pressed',
      'false',
    )
  })

  it('shows the mutes main keeps when the workspace loads', async () => {
    await workspace({ muted: ['102'] })
    expect(useChatsStore.getState().muted).toEqual({ '102': true })
    expect(within(row('102')).getByTestId('chat-muted')).toBeInTheDocument()
    expect(within(row('101')).queryByTestId('chat-muted')).toBeNull()
  })
})

describe('opening from outside the window', () => {
  it('a link to a new chat with a number the workspace has opens that chat with the text, unsent', async () => {
    const fake = await workspace()
    act(() => fake.emit('openNewChat', { to: ['+14155550101'], text: 'Your order is ready' }))
    await waitFor(() => expect(useUiStore.getState().activeChatId).toBe('101'))
    expect(await screen.findByRole('textbox', { name: 'Message' })).toHaveValue('Your order is ready')
    expect(fake.callsOf('sendMessage')).toEqual([])
    expect(useUiStore.getState().newChatRequest).toBeNull()
  })

  it('keeps what was already typed in that chat, adding the link’s text after it', async () => {
    const fake = await workspace({ drafts: { '102': 'Hi Bob,' } })
    act(() => fake.emit('openNewChat', { to: ['+13125550123'], text: 'your table is ready.' }))
    await waitFor(() => expect(useUiStore.getState().activeChatId).toBe('102'))
    expect(useDraftsStore.getState().drafts['102']).toBe('Hi Bob,\nyour table is ready.')
    // The same link twice does not add the text twice.
    act(() => fake.emit('openNewChat', { to: ['+13125550123'], text: 'your table is ready.' }))
    expect(useDraftsStore.getState().drafts['102']).toBe('Hi Bob,\nyour table is ready.')
  })

  it('several numbers find the group with exactly those people', async () => {
    const fake = await workspace()
    act(() => fake.emit('openNewChat', { to: ['+13125550123', '+14155550101'], text: '' }))
    await waitFor(() => expect(useUiStore.getState().activeChatId).toBe('103'))
  })

  it('a number with no chat yet waits for the new-chat screen, and nothing is opened or sent', async () => {
    const fake = await workspace()
    act(() => fake.emit('openNewChat', { to: ['+16175550100'], text: 'Hello' }))
    expect(useUiStore.getState().newChatRequest).toEqual({ to: ['+16175550100'], text: 'Hello' })
    expect(useUiStore.getState().activeChatId).toBeNull()
    expect(fake.callsOf('sendMessage')).toEqual([])
    // The new-chat screen (issue 17) opens prefilled from the request.
    const dialog = await screen.findByRole('dialog', { name: 'New chat' })
    expect(within(dialog).getByRole('list', { name: 'Recipients' })).toHaveTextContent('(617) 555-0100')
    expect(within(dialog).getByRole('textbox', { name: 'Message' })).toHaveValue('Hello')
    // The tray's New Chat names nobody: the new-chat screen opens empty to pick someone.
    act(() => fake.emit('openNewChat', { to: [], text: '' }))
    expect(useUiStore.getState().newChatRequest).toEqual({ to: [], text: '' })
  })

  it('a link or click that came before the window listened is taken once the chats are loaded', async () => {
    const fake = installFake({
      session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
      chats: [ann, bob],
    })
    fake.openRequest = { kind: 'chat', chatId: '102' }
    render(<App />)
    await waitFor(() => expect(useUiStore.getState().activeChatId).toBe('102'))
    expect(fake.openRequest).toBeNull()
    expect(fake.callsOf('takeOpenRequest')).toHaveLength(1)
  })
})

describe('settings', () => {
  async function openSettings(runtime: 'electron' | 'web-bridge') {
    const fake = installFake({
      session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
      chats: [ann],
    })
    fake.runtime = runtime
    render(<App />)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Settings' }))
    const dialog = await screen.findByRole('dialog', { name: 'Settings' })
    await waitFor(() => expect(within(dialog).getByLabelText('Do not disturb')).toBeEnabled())
    return { fake, user, dialog }
  }

  it('do not disturb: for a while or until turned off, saying until when', async () => {
    const { fake, user, dialog } = await openSettings('web-bridge')
    const select = within(dialog).getByLabelText('Do not disturb')
    const before = Date.now()
    await user.selectOptions(select, 'For 1 hour')
    await waitFor(() => expect(fake.settings.doNotDisturbUntil).not.toBeNull())
    const until = fake.settings.doNotDisturbUntil!
    expect(until - before).toBeGreaterThanOrEqual(60 * 60_000 - 1000)
    expect(until - before).toBeLessThanOrEqual(60 * 60_000 + 5000)
    expect(within(dialog).getByTestId('dnd-status')).toHaveTextContent(/Notifications are paused until \d/)
    await user.selectOptions(select, 'Until I turn it off')
    await waitFor(() => expect(fake.settings.doNotDisturbUntil).toBe(DND_FOREVER))
    expect(within(dialog).getByTestId('dnd-status')).toHaveTextContent('paused until you turn this off')
    await user.selectOptions(select, 'Off')
    await waitFor(() => expect(fake.settings.doNotDisturbUntil).toBeNull())
  })

  it('the tray, login and updates appear only in the installed app', async () => {
    const web = await openSettings('web-bridge')
    expect(within(web.dialog).queryByRole('switch', { name: /tray/ })).toBeNull()
    expect(within(web.dialog).queryByRole('heading', { name: 'Updates' })).toBeNull()
  })

  it('keeps running in the tray and opens at login when asked, both off at first', async () => {
    const { fake, user, dialog } = await openSettings('electron')
    // The e2e suite runs axe on the settings the web bridge shows; these sections exist only in Electron,
    // so axe checks them here (jsdom computes no colours: contrast is the e2e suite's).
    const results = await axe.run(dialog, { rules: { 'color-contrast': { enabled: false } } })
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([])
    const tray = within(dialog).getByRole('switch', { name: /Keep Linq running in the tray/ })
    const login = within(dialog).getByRole('switch', { name: 'Open Linq when you log in' })
    expect(tray).not.toBeChecked()
    expect(login).not.toBeChecked()
    await user.click(tray)
    await user.click(login)
    await waitFor(() => expect(fake.settings).toMatchObject({ keepRunningInTray: true, launchAtLogin: true }))
  })

  it('names an update address, with main’s refusal in plain words', async () => {
    const { fake, user, dialog } = await openSettings('electron')
    expect(within(dialog).getByTestId('update-status')).toHaveTextContent('Automatic updates are off.')
    const field = within(dialog).getByLabelText('Update address')
    await user.type(field, 'http://updates.example.com')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The update address must start with https://',
    )
    expect(fake.settings.updateFeedUrl).toBeNull()
    await user.clear(field)
    await user.type(field, 'https://updates.example.com/linq')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(fake.settings.updateFeedUrl).toBe('https://updates.example.com/linq'))
  })
})

describe('a downloaded update', () => {
  it('is announced, which lets it install on quit; Restart now installs it now', async () => {
    const fake = installFake()
    render(<App />)
    await screen.findByRole('heading', { name: /welcome/i })
    expect(screen.queryByTestId('update-banner')).toBeNull()
    act(() => fake.emit('updateStatus', { state: 'ready', version: '1.4.0', detail: null }))
    const banner = await screen.findByTestId('update-banner')
    expect(banner).toHaveTextContent('Linq 1.4.0 is ready. It installs when you quit Linq.')
    await waitFor(() => expect(fake.callsOf('acknowledgeUpdate')).toHaveLength(1))
    const user = userEvent.setup()
    await user.click(within(banner).getByRole('button', { name: 'Restart now' }))
    expect(fake.callsOf('installUpdate')).toHaveLength(1)
    await user.click(within(banner).getByRole('button', { name: 'Hide until next time' }))
    expect(screen.queryByTestId('update-banner')).toBeNull()
  })
})
