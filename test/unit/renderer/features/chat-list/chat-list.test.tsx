import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Sidebar } from '../../../../../src/renderer/features/chat-list/Sidebar'
import { ensureThread } from '../../../../../src/renderer/state/actions/thread'
import { useChatsStore } from '../../../../../src/renderer/state/chats'
import { useMessagesStore } from '../../../../../src/renderer/state/messages'
import { useUiStore } from '../../../../../src/renderer/state/ui'
import { at, makeChat, makeMessage } from '../../fake-linq'
import { openLoaded, startSignedIn } from '../../harness'

const ann = makeChat({
  id: 'c_ann',
  title: 'Ann Lee',
  participants: [{ id: 'p1', handle: '+14155550101', service: 'iMessage' }],
  lastActivityAt: at(30),
  lastMessage: { text: 'See you at noon', isFromMe: false, sentAt: at(30), attachmentSummary: null },
  unreadCount: 2,
})
const bob = makeChat({
  id: 'c_bob',
  title: 'Bob Stone',
  service: 'SMS',
  participants: [{ id: 'p2', handle: '+13125550123', service: 'SMS' }],
  lastActivityAt: at(50),
  lastMessage: { text: '', isFromMe: true, sentAt: at(50), attachmentSummary: 'Photo' },
})
// Same activity as Ann: the tie is broken by id, so the order never flickers.
const cara = makeChat({
  id: 'c_cara',
  title: 'Cara, Dev team',
  isGroup: true,
  phoneNumber: '+14155550199',
  participants: [
    { id: 'p3', handle: '+16175550111', service: 'iMessage' },
    { id: 'p4', handle: 'dev@example.com', service: 'iMessage' },
  ],
  lastActivityAt: at(30),
  lastMessage: { text: 'Deploy is green', isFromMe: false, sentAt: at(30), attachmentSummary: null },
})
const quiet = makeChat({ id: 'c_quiet', title: 'Quiet customer', lastActivityAt: null })

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

async function start() {
  const started = await startSignedIn({
    chats: [quiet, ann, cara, bob],
    messages: [
      makeMessage({ id: 'm1', chatId: 'c_quiet', text: 'the invoice number is 4411', sentAt: at(1) }),
    ],
  })
  disconnect = started.disconnect
  return started.fake
}

const rowIds = () => screen.getAllByTestId('chat-row').map((row) => row.dataset.chatId)

describe('chat list', () => {
  it('sorts by last activity, newest first, with a stable tie-break and chats without messages last', async () => {
    await start()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    expect(rowIds()).toEqual(['c_bob', 'c_ann', 'c_cara', 'c_quiet'])
  })

  it('shows title, preview, attachment summary, service, group tag and the unread badge', async () => {
    await start()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    const annRow = screen.getByRole('button', { name: /Ann Lee/ })
    expect(annRow).toHaveTextContent('See you at noon')
    expect(within(annRow).getByText('2 unread messages', { exact: false })).toBeInTheDocument()
    expect(annRow).toHaveTextContent('iMessage')
    const bobRow = screen.getByRole('button', { name: /Bob Stone/ })
    expect(bobRow).toHaveTextContent('You: Photo')
    expect(bobRow).toHaveTextContent('SMS')
    expect(within(bobRow).queryByText(/unread/)).toBeNull()
    expect(screen.getByRole('button', { name: /Cara, Dev team/ })).toHaveTextContent('Group')
    // The workspace total is visible in the header.
    expect(screen.getByTestId('unread-total')).toHaveTextContent('2')
  })

  it('moves a chat to the top when a message arrives, re-rendering only what changed', async () => {
    const fake = await start()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    const before = useChatsStore.getState()
    act(() =>
      fake.receive(makeMessage({ id: 'm_new', chatId: 'c_cara', text: 'Any update?', sentAt: at(60) })),
    )
    expect(rowIds()[0]).toBe('c_cara')
    expect(screen.getByRole('button', { name: /Cara, Dev team/ })).toHaveTextContent('Any update?')
    expect(screen.getByTestId('unread-total')).toHaveTextContent('3')
    // Other chats keep their objects, so their rows' selectors return the same value.
    const after = useChatsStore.getState()
    expect(after.byId.c_ann).toBe(before.byId.c_ann)
    expect(after.byId.c_bob).toBe(before.byId.c_bob)

    // An update that does not change the order keeps the order array itself.
    const order = after.order
    act(() =>
      fake.emit('chatsChanged', {
        chats: [{ ...after.byId.c_ann!, unreadCount: 0 }],
        removedIds: [],
        unreadTotal: 1,
      }),
    )
    expect(useChatsStore.getState().order).toBe(order)
  })

  it('filters by name, by number digits and by cached message text', async () => {
    await start()
    await openLoaded('c_quiet')
    const user = userEvent.setup()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    const search = screen.getByRole('searchbox', { name: 'Search chats' })

    await user.type(search, 'bob')
    expect(rowIds()).toEqual(['c_bob'])

    await user.clear(search)
    await user.type(search, '617 555')
    expect(rowIds()).toEqual(['c_cara'])

    await user.clear(search)
    await user.type(search, 'invoice')
    expect(rowIds()).toEqual(['c_quiet'])

    await user.clear(search)
    await user.type(search, 'nobody at all')
    expect(screen.getByText('No chats match.')).toBeInTheDocument()

    // Escape clears the filter.
    await user.keyboard('{Escape}')
    expect(rowIds()).toHaveLength(4)
  })

  it('matches messages loaded after the filter was typed, and stops when they go', async () => {
    await start()
    const user = userEvent.setup()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    await user.type(screen.getByRole('searchbox', { name: 'Search chats' }), 'invoice')
    expect(screen.getByText('No chats match.')).toBeInTheDocument()
    // The chat's messages load while the filter stands; nothing about the chat itself changes.
    await act(() => ensureThread('c_quiet'))
    expect(rowIds()).toEqual(['c_quiet'])
    act(() => useMessagesStore.getState().remove('c_quiet', ['m1']))
    expect(screen.getByText('No chats match.')).toBeInTheDocument()
  })

  it('filters by Linq number when the workspace has several', async () => {
    await start()
    const user = userEvent.setup()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    await user.selectOptions(screen.getByRole('combobox', { name: 'Linq number' }), '+14155550199')
    expect(rowIds()).toEqual(['c_cara'])
  })

  it('moves between chats with Up/Down and opens one with Enter', async () => {
    await start()
    const user = userEvent.setup()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    const search = screen.getByRole('searchbox', { name: 'Search chats' })
    await user.click(search)
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement).toHaveAttribute('data-chat-id', 'c_bob')
    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(document.activeElement).toHaveAttribute('data-chat-id', 'c_cara')
    await user.keyboard('{ArrowUp}')
    expect(document.activeElement).toHaveAttribute('data-chat-id', 'c_ann')
    await user.keyboard('{Enter}')
    expect(useUiStore.getState().activeChatId).toBe('c_ann')
    expect(screen.getByRole('button', { name: /Ann Lee/ })).toHaveAttribute('aria-current', 'true')
    // Only one row is in the tab order (roving tabindex).
    expect(screen.getAllByTestId('chat-row').filter((row) => row.tabIndex === 0)).toHaveLength(1)
  })

  it('opening a chat with unread messages marks it read', async () => {
    const fake = await start()
    const user = userEvent.setup()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    await user.click(screen.getByRole('button', { name: /Ann Lee/ }))
    expect(fake.callsOf('markChatRead')).toEqual([{ chatId: 'c_ann' }])
    expect(await screen.findByRole('button', { name: /Ann Lee/ })).not.toHaveTextContent('unread')
  })
})
