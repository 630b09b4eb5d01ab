// The new-chat screen and contacts in the window, against the fake main: inline refusals, contacts found by
// name, availability shown, an existing chat opened instead of a second one, a queued chat opened when
// main reports it created, and a contact edit put back when main refuses.
import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../../../../src/renderer/App'
import { useUiStore } from '../../../../../src/renderer/state/ui'
import { at, LINQ_WORKSPACE, makeChat } from '../../fake-linq'
import { installFake } from '../../harness'

const ann = makeChat({
  id: 'c1',
  title: 'Ann Lee',
  lastActivityAt: at(1),
  participants: [{ id: 'p1', handle: '+14155550101', service: 'iMessage' }],
})

async function openApp() {
  const fake = installFake({
    session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
    chats: [ann],
  })
  fake.contacts = [
    {
      id: 'k1',
      name: 'Amélie Laurent',
      firstName: 'Amélie',
      lastName: 'Laurent',
      email: '',
      company: '',
      phoneNumber: '+33612345678',
    },
  ]
  fake.availability = { '+33612345678': 'iMessage', '+442079460958': 'sms' }
  render(<App />)
  await screen.findByRole('button', { name: /New chat/ })
  return { fake, user: userEvent.setup() }
}

describe('new chat', () => {
  it('refuses bad recipients inline, finds contacts by name, shows availability and queues the chat', async () => {
    const { fake, user } = await openApp()
    await user.keyboard('{Control>}n{/Control}')
    const dialog = await screen.findByRole('dialog', { name: 'New chat' })
    const to = within(dialog).getByRole('combobox', { name: 'To' })
    await user.type(to, '12345{Enter}')
    expect(within(dialog).getByRole('alert')).toHaveTextContent('12345 is not a valid phone number.')
    await user.clear(to)
    await user.type(to, '(415) 555-0199{Enter}')
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      '(415) 555-0199 is one of your own Linq numbers.',
    )
    await user.clear(to)
    await user.type(to, 'amé')
    await user.click(within(dialog).getByRole('option', { name: /Amélie Laurent/ }))
    await user.type(to, '+44 20 7946 0958{Enter}')
    const chips = within(dialog).getAllByTestId('recipient')
    expect(chips.map((c) => c.textContent)).toEqual([
      expect.stringContaining('Amélie Laurent'),
      expect.stringContaining('+44 20 7946 0958'),
    ])
    await waitFor(() =>
      expect(
        within(dialog)
          .getAllByTestId('reachability')
          .map((r) => r.textContent),
      ).toEqual(['iMessage', 'SMS']),
    )
    await user.click(within(dialog).getByRole('button', { name: 'Send' }))
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Type the first message.')
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Hello both')
    // An SMS recipient: the segment counter shows.
    expect(within(dialog).getByTestId('sms-segments')).toHaveTextContent('1 text message')
    await user.click(within(dialog).getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New chat' })).toBeNull())
    expect(fake.callsOf('createChat')).toEqual([
      { from: '+14155550100', to: ['+33612345678', '+442079460958'], displayName: null, text: 'Hello both' },
    ])
    expect(await screen.findByTestId('pending-chat')).toHaveTextContent('Waiting to create')

    // Main created it: the chat is listed, then opens.
    const made = makeChat({ id: 'c9', title: 'Amélie Laurent, +442079460958', isGroup: true })
    act(() => {
      fake.chats.set('c9', made)
      fake.emit('chatsChanged', { chats: [made], removedIds: [], unreadTotal: 0 })
      fake.emit('pendingChatsChanged', { pending: [] })
      fake.emit('pendingChatCreated', { localId: fake.pendingChats[0]!.localId, chatId: 'c9' })
    })
    await waitFor(() => expect(useUiStore.getState().activeChatId).toBe('c9'))
  })

  it('the same person again opens the existing chat with the text in its composer', async () => {
    const { fake, user } = await openApp()
    await user.click(screen.getByRole('button', { name: /New chat/ }))
    const dialog = await screen.findByRole('dialog', { name: 'New chat' })
    await user.type(within(dialog).getByRole('combobox', { name: 'To' }), '415 555 0101{Enter}')
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Your order is ready')
    await user.click(within(dialog).getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(useUiStore.getState().activeChatId).toBe('c1'))
    expect(fake.callsOf('createChat')).toEqual([])
    expect(await screen.findByRole('textbox', { name: 'Message' })).toHaveValue('Your order is ready')
  })
})

describe('contacts', () => {
  it('an edit shows at once and is put back, with a notice, when main refuses', async () => {
    const { fake, user } = await openApp()
    await user.click(await screen.findByText('Ann Lee'))
    fake.refuseContacts = true
    await user.click(await screen.findByRole('button', { name: 'Add (415) 555-0101 to contacts' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add contact' })
    await user.type(within(dialog).getByLabelText('First name'), 'Annie')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Linq is not answering right now.')
    expect(document.querySelector('.thread-header__title')).toHaveTextContent('Ann Lee')
    fake.refuseContacts = false
    await user.click(screen.getByRole('button', { name: 'Add (415) 555-0101 to contacts' }))
    await user.type(
      within(await screen.findByRole('dialog', { name: 'Add contact' })).getByLabelText('First name'),
      'Annie',
    )
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(document.querySelector('.thread-header__title')).toHaveTextContent('Annie'))
  })
})

describe('settings for conversations', () => {
  it('the phone region is saved through main, and contacts are fetched again on demand', async () => {
    const { fake, user } = await openApp()
    await user.click(screen.getByRole('button', { name: 'Settings' }))
    const dialog = await screen.findByRole('dialog', { name: 'Settings' })
    const region = within(dialog).getByLabelText('Country for numbers without a +code')
    await waitFor(() => expect(region).toBeEnabled())
    await user.selectOptions(region, 'GB')
    await waitFor(() => expect(fake.settings.phoneRegion).toBe('GB'))
    // Numbers of other countries now show in international format.
    expect(screen.getAllByText(/\+1 415 555 0100/).length).toBeGreaterThan(0)
    await user.click(within(dialog).getByRole('button', { name: 'Refresh contacts' }))
    expect(await within(dialog).findByText('Contacts are up to date (1).')).toBeInTheDocument()
    expect(fake.callsOf('refreshContacts')).toHaveLength(1)
  })
})
