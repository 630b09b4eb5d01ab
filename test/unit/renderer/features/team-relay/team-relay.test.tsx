// Team relay in the window: the settings section (main keeps the secret), a customer typing in the thread and
// the chat list, and the read receipt under the app's last message.
import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../../../../../src/renderer/App'
import { ChatList } from '../../../../../src/renderer/features/chat-list/ChatList'
import { Thread } from '../../../../../src/renderer/features/thread/Thread'
import { at, FAKE_DEVICE_ID, LINQ_WORKSPACE, makeChat, makeMessage } from '../../fake-linq'
import { installFake, openLoaded, startSignedIn } from '../../harness'

const chat = makeChat({ id: 'c1', title: 'Ann Lee', lastActivityAt: at(10) })
const theirs = makeMessage({ id: 'm_in', chatId: 'c1', text: 'Is it ready?', sentAt: at(0) })
const mine = makeMessage({ id: 'm_out', chatId: 'c1', text: 'Yes!', isFromMe: true, sentAt: at(1) })

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

describe('team relay settings', () => {
  it('saves the setting through main, keeps no secret in the window, tests, and turns off', async () => {
    const fake = installFake({
      session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
      chats: [chat],
    })
    render(<App />)
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Settings' }))
    const dialog = await screen.findByRole('dialog', { name: 'Settings' })
    const section = within(dialog).getByRole('region', { name: 'Team relay' })
    const status = within(section).getByTestId('team-relay-status')
    await waitFor(() => expect(status).toHaveTextContent(`This computer’s id is ${FAKE_DEVICE_ID}`))

    await user.type(within(section).getByLabelText('NATS address'), 'nats://unreachable.example:4222')
    await user.type(within(section).getByLabelText('Relay workspace'), 'acme')
    expect(within(section).getByLabelText('Sign in with')).toHaveValue('password')
    await user.type(within(section).getByLabelText('User'), 'acme-laptop-1')
    const password = within(section).getByLabelText('Password')
    await user.type(password, 'sample-pass')
    await user.click(within(section).getByRole('button', { name: 'Test connection' }))
    expect(await within(section).findByRole('alert')).toHaveTextContent('Could not reach the NATS server')

    await user.click(within(section).getByRole('button', { name: 'Save and connect' }))
    await waitFor(() => expect(status).toHaveTextContent('Connecting to nats://unreachable.example:4222'))
    expect(fake.callsOf('setTeamRelay')).toEqual([
      {
        url: 'nats://unreachable.example:4222',
        relayWorkspace: 'acme',
        credentials: { kind: 'password', user: 'acme-laptop-1', password: 'sample-pass' },
      },
    ])
    // The form comes back with the setting but not its password.
    expect(within(section).getByLabelText('User')).toHaveValue('acme-laptop-1')
    expect(within(section).getByLabelText('Password')).toHaveValue('')
    expect(document.body.innerHTML).not.toContain('sample-pass')

    act(() => {
      if (fake.teamRelay.state === 'off') throw new Error('not set')
      fake.emit('teamRelayStatus', { ...fake.teamRelay, state: 'error', detail: 'the server is down' })
    })
    expect(status).toHaveTextContent('Not connected: the server is down. Linq checks for new messages itself')
    await user.click(within(section).getByRole('button', { name: 'Turn off' }))
    await waitFor(() => expect(status).toHaveTextContent('Off: Linq checks for new messages itself.'))
  })
})

describe('customer activity from the relay', () => {
  it('shows “typing…” in the thread and the chat row until it stops or expires', async () => {
    const started = await startSignedIn({ chats: [chat], messages: [theirs] })
    disconnect = started.disconnect
    await openLoaded('c1')
    render(
      <>
        <ChatList showNumbers={false} />
        <Thread chatId="c1" />
      </>,
    )
    const activity = screen.getByTestId('thread-activity')
    expect(activity.textContent).toBe('')
    act(() => started.fake.emit('chatTyping', { chatId: 'c1', typing: true, expiresAt: Date.now() + 6000 }))
    expect(activity).toHaveTextContent('Ann Lee is typing…')
    const row = screen.getByTestId('chat-row')
    expect(row).toHaveTextContent('typing…')
    act(() => started.fake.emit('chatTyping', { chatId: 'c1', typing: false, expiresAt: Date.now() }))
    expect(activity.textContent).toBe('')
    expect(row).toHaveTextContent('No messages yet')
    expect(row).not.toHaveTextContent('typing')
    // No "stopped" from Linq: it goes away by itself.
    act(() => started.fake.emit('chatTyping', { chatId: 'c1', typing: true, expiresAt: Date.now() + 150 }))
    expect(activity).toHaveTextContent('typing…')
    await waitFor(() => expect(activity.textContent).toBe(''))
  })

  it('says “Read” under the app’s last message once the customer read it', async () => {
    const started = await startSignedIn({ chats: [chat], messages: [theirs, mine] })
    disconnect = started.disconnect
    await openLoaded('c1')
    render(<Thread chatId="c1" />)
    const activity = screen.getByTestId('thread-activity')
    expect(activity.textContent).toBe('')
    act(() =>
      started.fake.emit('messagesUpserted', {
        chatId: 'c1',
        messages: [{ ...mine, status: 'read' }],
        replacedIds: [],
      }),
    )
    expect(activity).toHaveTextContent('Read')
    // A newer message from the customer: the receipt belongs to an older one and goes.
    act(() => started.fake.receive(makeMessage({ id: 'm_2', chatId: 'c1', text: 'Thanks', sentAt: at(2) })))
    expect(activity.textContent).toBe('')
  })
})
