import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Notice } from '../../../src/shared/domain'
import { App } from '../../../src/renderer/App'
import { useUiStore } from '../../../src/renderer/state/ui'
import { at, LINQ_WORKSPACE, makeChat } from './fake-linq'
import { installFake } from './harness'

function startApp(pendingNotices: Notice[] = []) {
  const fake = installFake({
    session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
    chats: [
      makeChat({ id: 'c1', title: 'Ann Lee', lastActivityAt: at(2) }),
      makeChat({ id: 'c2', title: 'Bob Stone', lastActivityAt: at(1) }),
    ],
  })
  fake.pendingNotices = pendingNotices
  render(<App />)
  return fake
}

describe('app', () => {
  it('starts once, reports presence, and tells main which chat is open', async () => {
    const fake = startApp()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /Ann Lee/ }))
    await waitFor(() => expect(fake.callsOf('setActiveChat')).toEqual([{ chatId: 'c1' }]))
    expect(fake.callsOf('getSession')).toHaveLength(1)
    expect(fake.callsOf('reportPresence')).toEqual([{ focused: true, visible: true }])
    await user.click(screen.getByRole('button', { name: /Bob Stone/ }))
    await waitFor(() => expect(fake.callsOf('setActiveChat')).toEqual([{ chatId: 'c1' }, { chatId: 'c2' }]))
  })

  it('a clicked notification (openChat event) opens that chat', async () => {
    const fake = startApp()
    await screen.findByRole('button', { name: /Bob Stone/ })
    act(() => fake.emit('openChat', { chatId: 'c2' }))
    expect(await screen.findByRole('heading', { name: 'Bob Stone', level: 2 })).toBeInTheDocument()
  })

  it('shows background notices as toasts that can be dismissed', async () => {
    const fake = startApp()
    const user = userEvent.setup()
    await screen.findByRole('button', { name: /Ann Lee/ })
    act(() =>
      fake.emit('notice', { id: 1, level: 'error', message: 'A message to Ann could not be delivered.' }),
    )
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('A message to Ann could not be delivered.')
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('alert')).toBeNull()
    act(() => fake.emit('notice', { id: 2, level: 'info', message: 'Back online.' }))
    expect(
      within(screen.getByRole('region', { name: 'Notifications' })).getByText('Back online.'),
    ).toBeInTheDocument()
  })

  it('shows the notices main kept from before the window was listening (a damaged outbox at start), once', async () => {
    const fake = startApp([
      { id: 7, level: 'error', message: '1 unsent message could not be restored.' },
      { id: 8, level: 'info', message: 'Your settings could not be read, so the defaults are used.' },
    ])
    expect(await screen.findByRole('alert')).toHaveTextContent('1 unsent message could not be restored.')
    expect(screen.getByText('Your settings could not be read, so the defaults are used.')).toBeInTheDocument()
    expect(fake.pendingNotices).toEqual([])
    // The same notice as an event (it was both announced and kept) is not shown twice.
    act(() =>
      fake.emit('notice', { id: 7, level: 'error', message: '1 unsent message could not be restored.' }),
    )
    expect(screen.getAllByRole('alert')).toHaveLength(1)
  })

  it('shows the sync state: rate-limited with the retry time and Try now', async () => {
    const fake = startApp()
    const user = userEvent.setup()
    const status = await screen.findByTestId('sync-status')
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'online'))
    act(() =>
      fake.emit('syncStatus', {
        state: 'rate-limited',
        nextRetryAt: Date.now() + 30_000,
        detail: 'Too many requests.',
        lastSyncedAt: null,
      }),
    )
    expect(status).toHaveAttribute('data-state', 'rate-limited')
    expect(status).toHaveTextContent('Linq asked us to slow down.')
    expect(status).toHaveTextContent(/Retrying in (29|30) s\./)
    await user.click(within(status).getByRole('button', { name: 'Try now' }))
    expect(fake.callsOf('syncNow')).toHaveLength(1)

    act(() =>
      fake.emit('syncStatus', { state: 'offline', nextRetryAt: null, detail: null, lastSyncedAt: null }),
    )
    expect(status).toHaveAttribute('data-state', 'offline')
    expect(status).toHaveTextContent('Offline. Showing saved messages.')
  })

  it('a session change from main (signed out elsewhere) returns to the welcome screen', async () => {
    const fake = startApp()
    await screen.findByRole('button', { name: /Ann Lee/ })
    act(() => useUiStore.getState().setActiveChat('c1'))
    act(() => fake.emit('sessionChanged', { status: 'signed-out' }))
    expect(await screen.findByRole('heading', { name: 'Welcome to Linq' })).toBeInTheDocument()
    expect(useUiStore.getState().activeChatId).toBeNull()
  })

  it('keeps the unread total in the window title', async () => {
    const fake = startApp()
    await screen.findByRole('button', { name: /Ann Lee/ })
    expect(document.title).toBe('Linq')
    act(() =>
      fake.emit('chatsChanged', {
        chats: [makeChat({ id: 'c2', title: 'Bob Stone', lastActivityAt: at(5), unreadCount: 3 })],
        removedIds: [],
        unreadTotal: 3,
      }),
    )
    expect(document.title).toBe('Linq (3)')
  })
})
