import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Notices } from '../../../../../src/renderer/features/workspace/Notices'
import { Thread } from '../../../../../src/renderer/features/thread/Thread'
import { editMessage, toggleReaction } from '../../../../../src/renderer/state/actions/message'
import { findMessage } from '../../../../../src/renderer/state/messages'
import { at, makeChat, makeMessage, type FakeLinq } from '../../fake-linq'
import { openLoaded, startSignedIn, threadVisible } from '../../harness'

const chat = makeChat({ id: 'c1', title: 'Ann Lee', lastActivityAt: at(10) })
const theirs = makeMessage({ id: 'm_in', chatId: 'c1', text: 'Can you send the invoice?', sentAt: at(0) })
const mine = makeMessage({
  id: 'm_out',
  chatId: 'c1',
  text: 'Sure, here it is',
  isFromMe: true,
  sentAt: at(1),
})
const queued = makeMessage({
  id: 'local_3',
  localId: 'local_3',
  chatId: 'c1',
  text: 'Still going out',
  isFromMe: true,
  status: 'queued',
  sentAt: at(2),
})

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

async function setup(): Promise<FakeLinq> {
  const started = await startSignedIn({ chats: [chat], messages: [theirs, mine, queued] })
  disconnect = started.disconnect
  await openLoaded('c1')
  render(
    <>
      <Thread chatId="c1" />
      <Notices />
    </>,
  )
  await threadVisible()
  return started.fake
}

const row = (id: string) => screen.getAllByTestId('message').find((el) => el.dataset.messageId === id)!

describe('action buttons', () => {
  it('appear for the message under the pointer or holding focus, and only then', async () => {
    await setup()
    const user = userEvent.setup()
    expect(screen.queryByRole('button', { name: 'More actions' })).toBeNull()
    await user.hover(row('m_in'))
    expect(within(row('m_in')).getByRole('button', { name: 'React' })).toBeInTheDocument()
    expect(screen.getAllByRole('button', { name: 'More actions' })).toHaveLength(1)
    await user.unhover(row('m_in'))
    expect(screen.queryByRole('button', { name: 'More actions' })).toBeNull()

    // Keyboard: focus the message, Tab reaches its buttons, and they stay while focus is inside.
    act(() => row('m_out').focus())
    await user.tab()
    expect(within(row('m_out')).getByRole('button', { name: 'React' })).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(screen.getByRole('menu', { name: 'React to message' })).toBeInTheDocument()
  })
})

describe('reactions', () => {
  it('focus a message and press "r": the six reactions, with labels; picking one adds it', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    row('m_in').focus()
    await user.keyboard('r')
    const menu = screen.getByRole('menu', { name: 'React to message' })
    const items = within(menu).getAllByRole('menuitemcheckbox')
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual([
      'Love',
      'Like',
      'Dislike',
      'Laugh',
      'Emphasize',
      'Question',
    ])
    expect(items[0]).toHaveFocus()
    await user.keyboard('{ArrowRight}{Enter}')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(row('m_in')).toHaveFocus()
    const chip = within(row('m_in')).getByRole('button', { name: 'Like (1): You' })
    expect(chip).toHaveAttribute('aria-pressed', 'true')
    await waitFor(() => expect(fake.message('c1', 'm_in')?.reactions.map((r) => r.type)).toEqual(['like']))
  })

  it('picking a reaction already given removes it', async () => {
    const fake = await setup()
    await act(() => toggleReaction('c1', 'm_in', 'love'))
    const user = userEvent.setup()
    fireEvent.contextMenu(row('m_in'), { clientX: 20, clientY: 20 })
    const love = within(screen.getByRole('menu', { name: 'Message actions' })).getByRole('menuitemcheckbox', {
      name: 'Love',
    })
    expect(love).toHaveAttribute('aria-checked', 'true')
    await user.click(love)
    expect(within(row('m_in')).queryByRole('list', { name: 'Reactions' })).toBeNull()
    await waitFor(() => expect(fake.callsOf('reactToMessage')).toHaveLength(2))
    expect(fake.callsOf('reactToMessage')[1]).toMatchObject({ type: 'love', operation: 'remove' })
  })

  it('shows the reaction at once and rolls it back with a notice when main refuses', async () => {
    const fake = await setup()
    const release = fake.hold('reactToMessage')
    fake.failNext('reactToMessage', 'Linq is not reachable right now.')
    const pending = toggleReaction('c1', 'm_in', 'laugh')
    // Before main answers: already on the bubble.
    await waitFor(() => expect(findMessage('c1', 'm_in')?.reactions.map((r) => r.type)).toEqual(['laugh']))
    expect(within(row('m_in')).getByRole('button', { name: 'Laugh (1): You' })).toBeInTheDocument()
    release()
    await act(() => pending)
    expect(findMessage('c1', 'm_in')?.reactions).toEqual([])
    expect(within(row('m_in')).queryByRole('list', { name: 'Reactions' })).toBeNull()
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Your reaction was not added. Linq is not reachable right now.',
    )
  })

  it('a rollback keeps what an event changed meanwhile', async () => {
    const fake = await setup()
    const release = fake.hold('reactToMessage')
    fake.failNext('reactToMessage')
    const pending = toggleReaction('c1', 'm_in', 'love')
    await waitFor(() => expect(findMessage('c1', 'm_in')?.reactions).toHaveLength(1))
    // Meanwhile the customer edited their message; the optimistic reaction rides along.
    const current = findMessage('c1', 'm_in')!
    act(() =>
      fake.emit('messagesUpserted', {
        chatId: 'c1',
        messages: [{ ...current, text: 'Can you send the invoice today?' }],
        replacedIds: [],
      }),
    )
    release()
    await act(() => pending)
    expect(findMessage('c1', 'm_in')).toMatchObject({
      text: 'Can you send the invoice today?',
      reactions: [],
    })
  })

  it('offers no reactions for a message Linq has not accepted yet', async () => {
    await setup()
    const user = userEvent.setup()
    row('local_3').focus()
    await user.keyboard('r')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(within(row('local_3')).queryByRole('button', { name: 'React' })).toBeNull()
  })
})

describe('edit and delete', () => {
  it('are offered on own sent messages only', async () => {
    await setup()
    fireEvent.contextMenu(row('m_out'), { clientX: 10, clientY: 10 })
    let menu = screen.getByRole('menu', { name: 'Message actions' })
    expect(within(menu).getByRole('menuitem', { name: 'Edit' })).toBeInTheDocument()
    expect(within(menu).getByRole('menuitem', { name: 'Delete…' })).toBeInTheDocument()
    fireEvent.keyDown(menu, { key: 'Escape' })

    fireEvent.contextMenu(row('m_in'), { clientX: 10, clientY: 10 })
    menu = screen.getByRole('menu', { name: 'Message actions' })
    expect(within(menu).queryByRole('menuitem', { name: 'Edit' })).toBeNull()
    expect(within(menu).queryByRole('menuitem', { name: 'Delete…' })).toBeNull()
    fireEvent.keyDown(menu, { key: 'Escape' })

    fireEvent.contextMenu(row('local_3'), { clientX: 10, clientY: 10 })
    menu = screen.getByRole('menu', { name: 'Message actions' })
    expect(within(menu).queryByRole('menuitem', { name: 'Edit' })).toBeNull()
    expect(within(menu).getByRole('menuitem', { name: 'Cancel sending' })).toBeInTheDocument()
  })

  it('edits inline: Enter saves through main and the bubble says Edited', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    row('m_out').focus()
    await user.keyboard('e')
    const editor = within(row('m_out')).getByRole('textbox', { name: 'Edit message' })
    expect(editor).toHaveFocus()
    await user.clear(editor)
    await user.type(editor, 'Sure, attached below{Enter}')
    expect(within(row('m_out')).queryByRole('textbox')).toBeNull()
    expect(row('m_out')).toHaveTextContent('Sure, attached below')
    expect(within(row('m_out')).getByText('Edited')).toBeInTheDocument()
    await waitFor(() =>
      expect(fake.callsOf('editMessage')).toEqual([
        { chatId: 'c1', messageId: 'm_out', text: 'Sure, attached below' },
      ]),
    )
  })

  it('Escape cancels an edit without calling main', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    row('m_out').focus()
    await user.keyboard('e')
    await user.type(within(row('m_out')).getByRole('textbox', { name: 'Edit message' }), ' and more{Escape}')
    expect(row('m_out')).toHaveTextContent('Sure, here it is')
    expect(row('m_out')).not.toHaveTextContent('and more')
    expect(fake.callsOf('editMessage')).toEqual([])
  })

  it('rolls an edit back with a notice when main refuses', async () => {
    const fake = await setup()
    const release = fake.hold('editMessage')
    fake.failNext('editMessage', 'Linq refused the edit.')
    const pending = editMessage('c1', 'm_out', 'Changed my mind')
    await waitFor(() => expect(row('m_out')).toHaveTextContent('Changed my mind'))
    release()
    await act(() => pending)
    expect(row('m_out')).toHaveTextContent('Sure, here it is')
    expect(within(row('m_out')).queryByText('Edited')).toBeNull()
    expect(screen.getByRole('alert')).toHaveTextContent('Your edit was not saved. Linq refused the edit.')
  })

  it('deletes after confirmation, and puts the message back if main refuses', async () => {
    const fake = await setup()
    const user = userEvent.setup()
    row('m_out').focus()
    await user.keyboard('{Delete}')
    const dialog = screen.getByRole('dialog', { name: 'Delete this message?' })
    expect(dialog).toHaveTextContent('Sure, here it is')
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus()

    fake.failNext('deleteMessage', 'Linq could not delete it.')
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The message was not deleted.'))
    expect(screen.getAllByTestId('message').map((el) => el.dataset.messageId)).toEqual([
      'm_in',
      'm_out',
      'local_3',
    ])
    // The message was gone when the dialog closed, so focus went to the thread.
    await waitFor(() => expect(screen.getByRole('region', { name: 'Messages with Ann Lee' })).toHaveFocus())

    row('m_out').focus()
    await user.keyboard('{Delete}')
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }))
    expect(screen.getAllByTestId('message').map((el) => el.dataset.messageId)).toEqual(['m_in', 'local_3'])
    await waitFor(() => expect(fake.message('c1', 'm_out')).toBeUndefined())
  })
})
