import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../../../../src/renderer/App'
import { THREAD_WARMED_MARK } from '../../../../../src/renderer/state/actions/thread'
import { at, LINQ_WORKSPACE, makeChat } from '../../fake-linq'
import { installFake } from '../../harness'

// The page's idle moments, under the test's control: callbacks wait here until `runIdle`.
let idle = new Map<number, IdleRequestCallback>()
let nextHandle = 1
beforeEach(() => {
  idle = new Map()
  globalThis.requestIdleCallback = (callback) => {
    idle.set(nextHandle, callback)
    return nextHandle++
  }
  globalThis.cancelIdleCallback = (handle) => void idle.delete(handle)
  performance.clearMarks(THREAD_WARMED_MARK)
})
afterEach(() => {
  Reflect.deleteProperty(globalThis, 'requestIdleCallback')
  Reflect.deleteProperty(globalThis, 'cancelIdleCallback')
})

function runIdle(): void {
  const callbacks = [...idle.values()]
  idle.clear()
  act(() => callbacks.forEach((callback) => callback({ didTimeout: false, timeRemaining: () => 50 })))
}

const preview = (text: string, isFromMe: boolean, minutes: number) => ({
  text,
  isFromMe,
  sentAt: at(minutes),
  attachmentSummary: null,
})

async function startApp() {
  const fake = installFake({
    session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
    chats: [
      makeChat({
        id: 'c1',
        title: 'Ann Lee',
        lastActivityAt: at(2),
        unreadCount: 2,
        lastMessage: preview('Are you open today?', false, 2),
      }),
      makeChat({
        id: 'c2',
        title: 'Bob Stone',
        lastActivityAt: at(1),
        lastMessage: preview('Thanks!', true, 1),
      }),
    ],
  })
  render(<App />)
  await screen.findByRole('button', { name: /Ann Lee/ })
  await waitFor(() => expect(idle.size).toBe(1))
  return fake
}

/** Calls that would load, sync or read a chat: the warm-up must make none of them. */
const CHAT_CALLS = ['listMessages', 'loadOlderMessages', 'markChatRead', 'syncNow', 'setActiveChat'] as const

describe('thread warm-up', () => {
  it('renders the chat list previews as thread rows once, hidden and inert, then removes them', async () => {
    const fake = await startApp()
    const focused = document.activeElement
    runIdle()
    const layer = document.querySelector('.thread-warmup')!
    expect(layer).toHaveAttribute('aria-hidden', 'true')
    expect(layer).toHaveAttribute('inert')
    const texts = [...layer.querySelectorAll('.bubble__text')].map((el) => el.textContent)
    expect(texts).toEqual(['Thanks!', 'Are you open today?'])
    expect(layer.querySelectorAll('.message--own')).toHaveLength(1)
    // Nothing in it speaks to a screen reader.
    expect(layer.querySelector('[aria-live], [role="status"], [role="alert"]')).toBeNull()

    await waitFor(() => expect(document.querySelector('.thread-warmup')).toBeNull())
    expect(performance.getEntriesByName(THREAD_WARMED_MARK)).toHaveLength(1)
    expect(document.activeElement).toBe(focused)
    for (const channel of CHAT_CALLS) expect(fake.callsOf(channel), channel).toEqual([])
    // The unread chat is still unread, and no chat is open.
    expect(screen.getByRole('button', { name: /Ann Lee/ })).toHaveTextContent('2')
    expect(screen.getByRole('heading', { name: 'Choose a chat' })).toBeInTheDocument()
    // Once per start: no second idle request.
    expect(idle.size).toBe(0)
  })

  it('is cancelled when the user opens a chat before the page is idle', async () => {
    const fake = await startApp()
    await userEvent.setup().click(screen.getByRole('button', { name: /Bob Stone/ }))
    await waitFor(() => expect(fake.callsOf('setActiveChat')).toEqual([{ chatId: 'c2' }]))
    expect(idle.size).toBe(0)
    expect(document.querySelector('.thread-warmup')).toBeNull()
    expect(performance.getEntriesByName(THREAD_WARMED_MARK)).toHaveLength(0)
  })

  it('is cancelled by a key press before the page is idle', async () => {
    await startApp()
    await userEvent.setup().keyboard('a')
    expect(idle.size).toBe(0)
    runIdle()
    expect(document.querySelector('.thread-warmup')).toBeNull()
  })
})
