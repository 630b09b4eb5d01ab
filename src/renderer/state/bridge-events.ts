// Wires main's events into the stores. Subscribed once at startup; returns the unsubscribe.
import type { LinqBridge } from '../../shared/contract'
import type { Notice } from '../../shared/domain'
import { applySession } from './actions/session'
import { openChat } from './actions/thread'
import { useChatsStore } from './chats'
import { startNewChat } from './desktop'
import { useMessagesStore } from './messages'
import { useSessionStore } from './session'
import { useSyncStore } from './sync'
import { useTeamRelayStore } from './team-relay'
import { useUiStore } from './ui'

/**
 * Main keeps notices until a window takes them, so those raised before this window listened (a damaged
 * file found at start) still show. One can arrive both as an event and from takeNotices: shown once, by id.
 */
function noticeReceiver(bridge: LinqBridge) {
  const shown = new Set<number>()
  const show = (notice: Notice) => {
    if (shown.has(notice.id)) return
    shown.add(notice.id)
    useUiStore.getState().notify(notice.level, notice.message)
  }
  const takePending = () =>
    void bridge
      .takeNotices()
      .then((notices) => notices.forEach(show))
      .catch(() => undefined)
  return { show, takePending }
}

export function connectBridgeEvents(bridge: LinqBridge): () => void {
  const notices = noticeReceiver(bridge)
  // A notification can be clicked for a chat this window has not heard of yet (new, or past the first
  // screenful while the rest of the list loads): open it when it arrives, however it arrives.
  let pendingOpen: string | null = null
  const unsubscribers = [
    useChatsStore.subscribe((state) => {
      if (pendingOpen === null || !state.byId[pendingOpen]) return
      const chatId = pendingOpen
      pendingOpen = null
      openChat(chatId)
    }),
    bridge.on('sessionChanged', (session) => applySession(session)),
    bridge.on('chatsChanged', ({ chats, removedIds, unreadTotal }) => {
      useChatsStore.getState().applyChanges(chats, removedIds, unreadTotal)
      const active = useUiStore.getState().activeChatId
      if (active !== null && removedIds.includes(active)) useUiStore.getState().setActiveChat(null)
    }),
    bridge.on('messagesUpserted', ({ chatId, messages, replacedIds }) =>
      useMessagesStore.getState().upsert(chatId, messages, replacedIds),
    ),
    bridge.on('messagesRemoved', ({ chatId, messageIds }) =>
      useMessagesStore.getState().remove(chatId, messageIds),
    ),
    bridge.on('syncStatus', (status) => useSyncStore.getState().setStatus(status)),
    bridge.on('uploadProgress', ({ chatId, localId, sentBytes, totalBytes }) =>
      useMessagesStore.getState().uploadProgress(chatId, localId, sentBytes, totalBytes),
    ),
    bridge.on('openChat', ({ chatId }) => {
      // Heard here, so main's kept copy (for a window that was not listening) is done with.
      bridge.takeOpenRequest().catch(() => undefined)
      pendingOpen = null
      if (useChatsStore.getState().byId[chatId]) openChat(chatId)
      else pendingOpen = chatId
    }),
    bridge.on('openNewChat', ({ to, text }) => {
      // Before every chat is loaded, main keeps it and the window takes it then (state/desktop.ts).
      if (!useChatsStore.getState().complete || useSessionStore.getState().session.status !== 'signed-in')
        return
      bridge.takeOpenRequest().catch(() => undefined)
      startNewChat(to, text)
    }),
    bridge.on('updateStatus', (status) => useUiStore.getState().setUpdate(status)),
    bridge.on('teamRelayStatus', (status) => useTeamRelayStore.getState().setStatus(status)),
    bridge.on('chatTyping', (typing) => useTeamRelayStore.getState().applyTyping(typing)),
    bridge.on('notice', (notice) => {
      notices.show(notice)
      notices.takePending()
    }),
    bridge.on('menuCommand', ({ command }) => {
      // Meaningful only with a workspace open; on the welcome screen there is nothing to sign out of.
      if (useSessionStore.getState().session.status !== 'signed-in') return
      const ui = useUiStore.getState()
      if (command === 'sign-out') ui.askSignOut()
      else if (command === 'settings') ui.setSettingsOpen(true)
      else ui.setSwitcherOpen(true)
    }),
  ]
  notices.takePending()
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe())
}
