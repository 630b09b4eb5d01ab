// The chat list loads in two steps (state/actions/session.ts): the first screenful, then every chat once
// that has painted. What the user does in between (a selection, focus, unread counts, a notification for a
// chat further down) survives the rest arriving.
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Sidebar } from '../../../../../src/renderer/features/chat-list/Sidebar'
import { startApp } from '../../../../../src/renderer/state/actions/session'
import { connectBridgeEvents } from '../../../../../src/renderer/state/bridge-events'
import { useChatsStore } from '../../../../../src/renderer/state/chats'
import { useUiStore } from '../../../../../src/renderer/state/ui'
import { FIRST_SCREEN_CHATS } from '../../../../../src/shared/chat-order'
import { at, LINQ_WORKSPACE, makeChat, makeMessage, type FakeLinq } from '../../fake-linq'
import { installFake } from '../../harness'

const COUNT = FIRST_SCREEN_CHATS + 30
// c_000 is the newest; every fifth chat has one unread message.
const chats = Array.from({ length: COUNT }, (_, i) => {
  const id = `c_${String(i).padStart(3, '0')}`
  return makeChat({
    id,
    title: `Customer ${i}`,
    lastActivityAt: at(COUNT - i),
    unreadCount: i % 5 === 0 ? 1 : 0,
  })
})
const unreadTotal = chats.filter((c) => c.unreadCount > 0).length

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

/** Starts the app with the rest of the list held: returns once the first screenful is in the store. */
async function startWithRestHeld(): Promise<{ fake: FakeLinq; releaseRest: () => void }> {
  const fake = installFake({
    session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
    chats: [...chats].reverse(),
  })
  disconnect = connectBridgeEvents(fake.bridge)
  const releaseFirst = fake.hold('listChats')
  await startApp()
  await waitFor(() => expect(fake.callsOf('listChats')).toHaveLength(1))
  // The first call is resumed; the second, made after the first screen paints, waits for the test.
  releaseFirst()
  const releaseRest = fake.hold('listChats')
  await waitFor(() => expect(useChatsStore.getState().loaded).toBe(true))
  return { fake, releaseRest }
}

const row = (chatId: string) => document.querySelector<HTMLElement>(`[data-chat-id="${chatId}"]`)!
const rowIds = () => screen.getAllByTestId('chat-row').map((row) => row.dataset.chatId)

describe('chat list: first screenful, then the rest', () => {
  it('paints the newest chats first, then every chat, asking main twice', async () => {
    const { fake, releaseRest } = await startWithRestHeld()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    expect(rowIds()).toEqual(chats.slice(0, FIRST_SCREEN_CHATS).map((c) => c.id))
    // The unread total covers every chat from the start, not only those on screen.
    expect(screen.getByTestId('unread-total')).toHaveTextContent(String(unreadTotal))
    expect(useChatsStore.getState().complete).toBe(false)

    await waitFor(() => expect(fake.callsOf('listChats')).toHaveLength(2))
    act(() => releaseRest())
    await waitFor(() => expect(useChatsStore.getState().complete).toBe(true))
    expect(rowIds()).toEqual(chats.map((c) => c.id))
    expect(fake.callsOf('listChats')).toEqual([{ limit: FIRST_SCREEN_CHATS }, {}])
  })

  it('keeps the selection, the focused row and unread counts when the rest arrives', async () => {
    const { fake, releaseRest } = await startWithRestHeld()
    const user = userEvent.setup()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    await user.click(row('c_003'))
    await user.keyboard('{ArrowDown}')
    const focused = document.activeElement
    expect(focused).toHaveAttribute('data-chat-id', 'c_004')
    // A message arrives for a chat past the first screenful before the rest does: it joins on top.
    act(() => fake.receive(makeMessage({ id: 'm_new', chatId: 'c_070', text: 'Hello?', sentAt: at(500) })))
    expect(rowIds()[0]).toBe('c_070')

    await waitFor(() => expect(fake.callsOf('listChats')).toHaveLength(2))
    act(() => releaseRest())
    await waitFor(() => expect(useChatsStore.getState().complete).toBe(true))
    expect(rowIds()).toHaveLength(COUNT)
    expect(rowIds()[0]).toBe('c_070')
    expect(useUiStore.getState().activeChatId).toBe('c_003')
    expect(row('c_003')).toHaveAttribute('aria-current', 'true')
    // The same row element keeps focus: React moved it, nothing remounted it.
    expect(document.activeElement).toBe(focused)
    expect(screen.getByTestId('unread-total')).toHaveTextContent(String(unreadTotal + 1))
    expect(useChatsStore.getState().byId.c_070!.unreadCount).toBe(2)
    // Keyboard navigation reaches the end of the whole list.
    await user.keyboard('{End}')
    expect(document.activeElement).toHaveAttribute('data-chat-id', chats.at(-1)!.id)
  })

  it('opens a notification’s chat that is past the first screenful once the rest arrives', async () => {
    const { fake, releaseRest } = await startWithRestHeld()
    render(<Sidebar shortcutLabel="Ctrl+K" />)
    act(() => fake.emit('openChat', { chatId: 'c_075' }))
    expect(useUiStore.getState().activeChatId).toBeNull()

    await waitFor(() => expect(fake.callsOf('listChats')).toHaveLength(2))
    act(() => releaseRest())
    await waitFor(() => expect(useUiStore.getState().activeChatId).toBe('c_075'))
  })

  it('asks once when the first screenful is the whole list', async () => {
    const fake = installFake({
      session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
      chats: chats.slice(0, 3),
    })
    disconnect = connectBridgeEvents(fake.bridge)
    await startApp()
    await waitFor(() => expect(useChatsStore.getState().complete).toBe(true))
    expect(fake.callsOf('listChats')).toEqual([{ limit: FIRST_SCREEN_CHATS }])
  })
})
