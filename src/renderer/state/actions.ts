// The workflows that touch several stores and call main. Components call these; stores stay plain data.
import { SIGNED_OUT_SYNC, type Message, type ReactionType, type SessionState } from '../../shared/domain'
import { errorText, linq } from '../linq'
import { useChatsStore } from './chats'
import { dropPendingDrafts, flushDrafts, useDraftsStore } from './drafts'
import { findMessage, messageAt, useMessagesStore } from './messages'
import { useSessionStore, type SessionView } from './session'
import { useStagedStore } from './staged'
import { useSyncStore } from './sync'
import { useUiStore } from './ui'

/** Messages asked for when a chat opens, and per older page. */
export const FIRST_PAGE = 100
export const OLDER_PAGE = 100

/** User Timing marks read by the renderer benchmark (test/bench): data arrival → painted thread. */
export const THREAD_DATA_MARK = 'linq:thread-data'
export const THREAD_PAINTED_MARK = 'linq:thread-painted'
/** The chat whose data mark still waits for its painted mark. */
let awaitingPaint: string | null = null

export const ignore = () => undefined

function resetWorkspaceState(): void {
  useChatsStore.getState().clear()
  useMessagesStore.getState().clear()
  useDraftsStore.getState().clear()
  useStagedStore.getState().clear()
  useUiStore.getState().reset()
}

export function workspaceIdOf(session: SessionView): string | null {
  return session.status === 'signed-in' ? session.workspace.id : null
}

/** Startup: app info, the session, and with a session the cached chats at once. */
export async function startApp(): Promise<void> {
  linq()
    .getAppInfo()
    .then((info) => useSessionStore.getState().setAppInfo(info))
    .catch(ignore)
  try {
    applySession(await linq().getSession())
  } catch (error) {
    useSessionStore.getState().setSession({ status: 'signed-out' })
    useUiStore.getState().notify('error', errorText(error, 'Could not read the saved sign-in.'))
  }
}

/** Applies a session from a call or the sessionChanged event; a different workspace reloads everything. */
export function applySession(session: SessionState): void {
  const before = useSessionStore.getState().session
  const changedWorkspace = workspaceIdOf(before) !== workspaceIdOf(session)
  if (changedWorkspace) {
    dropPendingDrafts()
    resetWorkspaceState()
  }
  useSessionStore.getState().setSession(session)
  if (session.status === 'signed-out') {
    useSessionStore.getState().setConfirmedWorkspace(null)
    useSyncStore.getState().setStatus(SIGNED_OUT_SYNC)
  } else if (changedWorkspace) {
    void loadWorkspace()
  }
}

export async function loadWorkspace(): Promise<void> {
  const workspaceId = workspaceIdOf(useSessionStore.getState().session)
  linq()
    .getSyncStatus()
    .then((status) => useSyncStore.getState().setStatus(status))
    .catch(ignore)
  try {
    const { chats, unreadTotal, drafts } = await linq().listChats()
    // A sign-out or workspace switch while this was in flight makes the answer stale.
    if (workspaceIdOf(useSessionStore.getState().session) !== workspaceId) return
    useChatsStore.getState().replaceAll(chats, unreadTotal)
    useDraftsStore.getState().replaceAll(drafts)
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'Could not load your chats.'))
  }
}

// main hears which chat is open from a store subscription (state/presence.ts), so every way the open chat
// changes (click, notification, the chat being removed, sign-out) is reported the same way.
export function openChat(chatId: string): void {
  const ui = useUiStore.getState()
  if (ui.activeChatId !== null && ui.activeChatId !== chatId) void flushDrafts(ui.activeChatId)
  ui.setActiveChat(chatId)
  markReadIfLooking(chatId)
  void ensureThread(chatId)
}

export function closeChat(): void {
  const ui = useUiStore.getState()
  if (ui.activeChatId !== null) void flushDrafts(ui.activeChatId)
  ui.setActiveChat(null)
}

/** Unread messages in the open chat count as read only while someone can see them. */
export function markReadIfLooking(chatId: string): void {
  if ((useChatsStore.getState().byId[chatId]?.unreadCount ?? 0) === 0) return
  if (!document.hasFocus() || document.visibilityState !== 'visible') return
  linq().markChatRead({ chatId }).catch(ignore)
}

/** Loads a chat's newest cached page unless it is already in memory (events keep loaded chats current). */
export async function ensureThread(chatId: string): Promise<void> {
  const store = useMessagesStore.getState()
  const existing = store.threads[chatId]
  store.beginLoad(chatId)
  if (existing && existing.status !== 'error') return
  try {
    const { messages, hasOlder } = await linq().listMessages({ chatId, limit: FIRST_PAGE })
    performance.mark(THREAD_DATA_MARK, { detail: { chatId } })
    awaitingPaint = chatId
    useMessagesStore.getState().loaded(chatId, messages, hasOlder)
  } catch (error) {
    useMessagesStore.getState().loadFailed(chatId, errorText(error, 'Could not load this chat.'))
  }
}

/** Called by the thread one frame after it first rendered rows: closes the data → painted measurement. */
export function threadPainted(chatId: string): void {
  if (awaitingPaint !== chatId) return
  awaitingPaint = null
  performance.mark(THREAD_PAINTED_MARK, { detail: { chatId } })
  try {
    performance.measure('linq:thread-open', THREAD_DATA_MARK, THREAD_PAINTED_MARK)
  } catch {
    // The data mark was cleared by whoever reads the marks; the painted mark alone is still useful.
  }
}

export async function loadOlder(chatId: string): Promise<void> {
  const thread = useMessagesStore.getState().threads[chatId]
  if (!thread || thread.status !== 'ready' || !thread.hasOlder || thread.loadingOlder) return
  // Linq pages by its own ids: the anchor is the oldest message it knows, not a send still in the outbox.
  let oldest: Message | undefined
  for (const key of thread.keys) {
    const message = messageAt(thread, key)
    if (message && message.id !== message.localId) {
      oldest = message
      break
    }
  }
  if (!oldest) return
  useMessagesStore.getState().setLoadingOlder(chatId, true)
  try {
    const { messages, hasOlder } = await linq().loadOlderMessages({
      chatId,
      beforeId: oldest.id,
      limit: OLDER_PAGE,
    })
    useMessagesStore.getState().olderLoaded(chatId, messages, hasOlder)
  } catch (error) {
    useMessagesStore
      .getState()
      .setLoadingOlder(chatId, false, errorText(error, 'Could not load earlier messages.'))
  }
}

export type SendOutcome = { ok: true; message: Message } | { ok: false; error: string }

/** Queues a message in main's outbox; the queued message shows at once and events report its progress. */
export async function sendMessage(
  chatId: string,
  text: string,
  attachmentIds: string[] = [],
): Promise<SendOutcome> {
  try {
    const message = await linq().sendMessage({ chatId, text, attachmentIds })
    useMessagesStore.getState().upsert(chatId, [message], [])
    return { ok: true, message }
  } catch (error) {
    return { ok: false, error: errorText(error, 'The message could not be queued.') }
  }
}

export async function retryMessage(chatId: string, localId: string): Promise<void> {
  try {
    await linq().retryMessage({ chatId, localId })
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'Could not retry the message.'))
  }
}

export async function discardMessage(chatId: string, localId: string): Promise<void> {
  try {
    await linq().discardMessage({ chatId, localId })
    // Main also reports the removal as an event; removing here makes the click feel immediate.
    useMessagesStore.getState().remove(chatId, [localId])
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'Could not discard the message.'))
  }
}

export async function cancelUpload(chatId: string, localId: string): Promise<void> {
  try {
    await linq().cancelMessage({ chatId, localId })
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'Could not stop the upload.'))
  }
}

export async function openAttachment(chatId: string, attachmentId: string): Promise<void> {
  try {
    const result = await linq().openAttachment({ chatId, attachmentId })
    if (!result.opened) useUiStore.getState().notify('error', result.reason)
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'Could not open the attachment.'))
  }
}

export async function saveAttachment(chatId: string, attachmentId: string): Promise<void> {
  try {
    const { path } = await linq().saveAttachment({ chatId, attachmentId })
    useUiStore.getState().notify('info', `Saved to ${path}`)
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'Could not save the attachment.'))
  }
}

export async function openExternalLink(url: string): Promise<void> {
  try {
    await linq().openExternal({ url })
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'Could not open the link.'))
  }
}

export async function signOut(clearLocalData: boolean): Promise<string | null> {
  if (clearLocalData) dropPendingDrafts()
  else await flushDrafts()
  try {
    await linq().signOut({ clearLocalData })
    applySession({ status: 'signed-out' })
    return null
  } catch (error) {
    return errorText(error, 'Could not sign out.')
  }
}

// Reactions, edits and deletes show at once and are undone if main refuses them. The undo touches only
// what this action changed, so an event that updated the message meanwhile is not thrown away.

let optimisticSeq = 0

/** Adds the reaction, or removes it when it is already one of ours (Messages.app's tapback toggle). */
export async function toggleReaction(chatId: string, messageId: string, type: ReactionType): Promise<void> {
  const message = findMessage(chatId, messageId)
  if (!message) return
  const messages = useMessagesStore.getState()
  const mine = message.reactions.filter((r) => r.isFromMe && r.type === type)
  const operation = mine.length > 0 ? 'remove' : 'add'
  const optimisticId = `optimistic_${++optimisticSeq}`
  if (operation === 'add') {
    const from = useChatsStore.getState().byId[chatId]?.phoneNumber ?? ''
    const reaction = { id: optimisticId, type, isFromMe: true, from, sentAt: new Date().toISOString() }
    messages.updateMessage(chatId, messageId, (m) => ({ ...m, reactions: [...m.reactions, reaction] }))
  } else {
    messages.updateMessage(chatId, messageId, (m) => ({
      ...m,
      reactions: m.reactions.filter((r) => !(r.isFromMe && r.type === type)),
    }))
  }
  try {
    const updated = await linq().reactToMessage({ chatId, messageId, type, operation })
    useMessagesStore.getState().upsert(chatId, [updated], [])
  } catch (error) {
    useMessagesStore.getState().updateMessage(chatId, messageId, (m) => {
      if (operation === 'add') {
        return m.reactions.some((r) => r.id === optimisticId)
          ? { ...m, reactions: m.reactions.filter((r) => r.id !== optimisticId) }
          : m
      }
      return m.reactions.some((r) => r.isFromMe && r.type === type)
        ? m
        : { ...m, reactions: [...m.reactions, ...mine] }
    })
    const what = operation === 'add' ? 'Your reaction was not added.' : 'Your reaction was not removed.'
    useUiStore.getState().notify('error', `${what} ${errorText(error)}`)
  }
}

/** Saves new text for a sent message; false (with a notice) when main refused it. */
export async function editMessage(chatId: string, messageId: string, text: string): Promise<boolean> {
  const before = findMessage(chatId, messageId)
  if (!before) return false
  if (before.text === text) return true
  const editedAt = new Date().toISOString()
  useMessagesStore.getState().updateMessage(chatId, messageId, (m) => ({ ...m, text, editedAt }))
  try {
    const updated = await linq().editMessage({ chatId, messageId, text })
    useMessagesStore.getState().upsert(chatId, [updated], [])
    return true
  } catch (error) {
    useMessagesStore
      .getState()
      .updateMessage(chatId, messageId, (m) =>
        m.text === text && m.editedAt === editedAt
          ? { ...m, text: before.text, editedAt: before.editedAt }
          : m,
      )
    useUiStore.getState().notify('error', `Your edit was not saved. ${errorText(error)}`)
    return false
  }
}

export async function deleteMessage(chatId: string, messageId: string): Promise<void> {
  const before = findMessage(chatId, messageId)
  if (!before) return
  useMessagesStore.getState().remove(chatId, [messageId])
  try {
    await linq().deleteMessage({ chatId, messageId })
  } catch (error) {
    // Put it back where it was (rows are ordered by time) unless an event already did.
    if (!findMessage(chatId, messageId)) useMessagesStore.getState().upsert(chatId, [before], [])
    useUiStore.getState().notify('error', `The message was not deleted. ${errorText(error)}`)
  }
}

export async function showAttachmentInFolder(chatId: string, attachmentId: string): Promise<void> {
  try {
    await linq().showAttachmentInFolder({ chatId, attachmentId })
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'Could not show the file in its folder.'))
  }
}
