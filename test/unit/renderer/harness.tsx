// Per-test wiring: a fresh FakeLinq installed as window.linq, every store back to its first state, and
// helpers to start the app or render a thread the way the workspace does.
import { waitFor } from '@testing-library/react'
import { expect } from 'vitest'
import { startApp } from '../../../src/renderer/state/actions/session'
import { openChat } from '../../../src/renderer/state/actions/thread'
import { connectBridgeEvents } from '../../../src/renderer/state/bridge-events'
import { useChatsStore } from '../../../src/renderer/state/chats'
import { useConversationsStore } from '../../../src/renderer/state/conversations'
import { dropPendingDrafts, useDraftsStore } from '../../../src/renderer/state/drafts'
import { useMessagesStore } from '../../../src/renderer/state/messages'
import { useSessionStore } from '../../../src/renderer/state/session'
import { useStagedStore } from '../../../src/renderer/state/staged'
import { SIGNED_OUT_SYNC } from '../../../src/shared/domain'
import { useSyncStore } from '../../../src/renderer/state/sync'
import { useTeamRelayStore } from '../../../src/renderer/state/team-relay'
import { useUiStore } from '../../../src/renderer/state/ui'
import { FakeLinq, LINQ_WORKSPACE, type FakeLinqSeed } from './fake-linq'

export function resetStores(): void {
  dropPendingDrafts()
  useChatsStore.getState().clear()
  useMessagesStore.getState().clear()
  useDraftsStore.getState().clear()
  useStagedStore.getState().clear()
  useUiStore.getState().reset()
  useUiStore.setState({ notices: [], update: null })
  useSessionStore.setState({ session: { status: 'loading' }, appInfo: null, confirmedWorkspace: null })
  useSyncStore.getState().setStatus(SIGNED_OUT_SYNC)
  useConversationsStore.setState({ pending: [], availability: {}, opening: [], editingContact: null })
  useConversationsStore.getState().setContacts([])
  useTeamRelayStore.getState().clear()
}

/** Installs a fake main with this state as window.linq, with fresh stores. */
export function installFake(seed: FakeLinqSeed = {}): FakeLinq {
  resetStores()
  const fake = new FakeLinq(seed)
  window.linq = fake.bridge
  return fake
}

/** A signed-in fake with its chats loaded into the stores and its events wired, as App does at startup. */
export async function startSignedIn(
  seed: FakeLinqSeed = {},
): Promise<{ fake: FakeLinq; disconnect: () => void }> {
  const fake = installFake({
    session: { status: 'signed-in', workspace: LINQ_WORKSPACE, tokenStorage: 'keychain' },
    ...seed,
  })
  const disconnect = connectBridgeEvents(fake.bridge)
  await startApp()
  await waitFor(() => expect(useChatsStore.getState().loaded).toBe(true))
  return { fake, disconnect }
}

/** Opens a chat and waits for its first page, as a click in the chat list does. */
export async function openLoaded(chatId: string): Promise<void> {
  openChat(chatId)
  await waitFor(() => expect(useMessagesStore.getState().threads[chatId]?.status).toBe('ready'))
}

/** Waits until the thread has rendered its rows (the first page has arrived and the list mounted). */
export async function threadVisible(): Promise<void> {
  await waitFor(() => {
    expect(document.querySelector('.message-list [data-testid="message"]')).not.toBeNull()
  })
}
