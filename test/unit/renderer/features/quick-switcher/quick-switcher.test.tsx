import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { Workspace } from '../../../../../src/renderer/features/workspace/Workspace'
import { ensureThread } from '../../../../../src/renderer/state/actions/thread'
import { useUiStore } from '../../../../../src/renderer/state/ui'
import { at, makeChat, makeMessage } from '../../fake-linq'
import { startSignedIn } from '../../harness'

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

async function openSwitcher() {
  const started = await startSignedIn({
    chats: [
      makeChat({ id: 'c_bob', title: 'Bob Stone', lastActivityAt: at(50) }),
      makeChat({ id: 'c_quiet', title: 'Quiet customer', lastActivityAt: null }),
    ],
    messages: [
      makeMessage({ id: 'm1', chatId: 'c_quiet', text: 'the invoice number is 4411', sentAt: at(1) }),
    ],
  })
  disconnect = started.disconnect
  render(<Workspace />)
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const dialog = await screen.findByRole('dialog', { name: 'Go to chat' })
  return { dialog, input: within(dialog).getByRole('combobox', { name: 'Find a chat' }) }
}

describe('quick switcher', () => {
  it('Ctrl+K opens the quick switcher, which finds and opens a chat', async () => {
    const { dialog, input } = await openSwitcher()
    const user = userEvent.setup()
    expect(input).toHaveFocus()
    await user.type(input, 'stone')
    expect(within(dialog).getAllByRole('option')).toHaveLength(1)
    await user.keyboard('{Enter}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(useUiStore.getState().activeChatId).toBe('c_bob')
    expect(await screen.findByRole('heading', { name: 'Bob Stone', level: 2 })).toBeInTheDocument()
  })

  it('finds a chat by a message that loaded while it was open', async () => {
    const { dialog, input } = await openSwitcher()
    await userEvent.setup().type(input, 'invoice')
    expect(within(dialog).queryAllByRole('option')).toHaveLength(0)
    await act(() => ensureThread('c_quiet'))
    expect(within(dialog).getByRole('option')).toHaveTextContent('Quiet customer')
  })
})
