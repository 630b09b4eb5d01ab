import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../../../../src/renderer/App'
import { useChatsStore } from '../../../../../src/renderer/state/chats'
import { useUiStore } from '../../../../../src/renderer/state/ui'
import { at, LINQ_WORKSPACE, makeChat, type FakeLinq } from '../../fake-linq'
import { installFake } from '../../harness'

async function openSettings(tokenStorage: 'keychain' | 'memory' = 'keychain'): Promise<FakeLinq> {
  const fake = installFake({
    session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage },
    chats: [makeChat({ id: 'c1', title: 'Ann Lee', lastActivityAt: at(1) })],
    drafts: { c1: 'unsent words' },
  })
  render(<App />)
  const user = userEvent.setup()
  await user.click(await screen.findByRole('button', { name: 'Settings' }))
  await screen.findByRole('dialog', { name: 'Settings' })
  return fake
}

describe('settings', () => {
  it('turns notifications and previews on and off through main', async () => {
    const fake = await openSettings()
    const user = userEvent.setup()
    const notifications = await screen.findByRole('switch', { name: 'Show notifications for new messages' })
    await waitFor(() => expect(notifications).toBeEnabled())
    expect(notifications).toBeChecked()
    const previews = screen.getByRole('switch', { name: 'Show sender and text in notifications' })
    await user.click(previews)
    await waitFor(() => expect(fake.settings.notificationPreviews).toBe(false))
    expect(previews).not.toBeChecked()
    await user.click(notifications)
    await waitFor(() => expect(fake.settings.notificationsEnabled).toBe(false))
    // Previews mean nothing without notifications.
    expect(previews).toBeDisabled()
  })

  it('puts a switch back and says so when main refuses the change', async () => {
    const fake = await openSettings()
    const user = userEvent.setup()
    const notifications = await screen.findByRole('switch', { name: 'Show notifications for new messages' })
    await waitFor(() => expect(notifications).toBeEnabled())
    fake.failNext('updateSettings', 'The settings file could not be written.')
    await user.click(notifications)
    expect(await within(screen.getByRole('dialog')).findByRole('alert')).toHaveTextContent(
      'The settings file could not be written.',
    )
    expect(notifications).toBeChecked()
  })

  it('shows the workspace, its numbers and where the token is kept in plain words', async () => {
    await openSettings('memory')
    const dialog = screen.getByRole('dialog', { name: 'Settings' })
    expect(dialog).toHaveTextContent('api.linqapp.com')
    expect(dialog).toHaveTextContent('(415) 555-0100')
    expect(dialog).toHaveTextContent('(415) 555-0199')
    expect(dialog).toHaveTextContent('Only in memory until you quit Linq.')
  })

  it('signs out after asking whether to delete the cached chats and drafts', async () => {
    const fake = await openSettings()
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Sign out…' }))
    const confirm = screen.getByRole('dialog', { name: 'Sign out?' })
    const clear = within(confirm).getByRole('checkbox', {
      name: 'Also delete this computer’s cached chats and drafts',
    })
    expect(clear).not.toBeChecked()
    await user.click(clear)
    await user.click(within(confirm).getByRole('button', { name: 'Sign out' }))
    expect(await screen.findByRole('heading', { name: 'Welcome to Linq' })).toBeInTheDocument()
    expect(fake.callsOf('signOut')).toEqual([{ clearLocalData: true }])
    expect(fake.drafts).toEqual({})
    expect(useChatsStore.getState().order).toEqual([])
    expect(useUiStore.getState().settingsOpen).toBe(false)
  })

  it('Escape closes the dialog and focus returns to the Settings button', async () => {
    await openSettings()
    const user = userEvent.setup()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(screen.getByRole('button', { name: 'Settings' })).toHaveFocus()
  })

  it('keeps focus inside the dialog', async () => {
    await openSettings()
    const user = userEvent.setup()
    const dialog = screen.getByRole('dialog', { name: 'Settings' })
    for (let i = 0; i < 8; i++) {
      await user.tab()
      expect(dialog).toContainElement(document.activeElement as HTMLElement)
    }
  })
})
