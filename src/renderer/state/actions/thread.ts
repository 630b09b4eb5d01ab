// Opening and closing chats, and the messages each one loads: its newest page when it opens (unless it is
// still in memory), older pages as the user scrolls up, and the marks that time an open for the benchmark.
import type { Message } from '../../../shared/domain'
import { errorText, linq } from '../../linq'
import { useChatsStore } from '../chats'
import { flushDrafts } from '../drafts'
import { messageAt, useMessagesStore } from '../messages'
import { useUiStore } from '../ui'
import { ignore } from './call'

/** Messages asked for when a chat opens, and per older page. */
export const FIRST_PAGE = 100
export const OLDER_PAGE = 100

/** User Timing marks read by the renderer benchmark (test/bench): data arrival → painted thread. */
export const THREAD_DATA_MARK = 'linq:thread-data'
export const THREAD_PAINTED_MARK = 'linq:thread-painted'
/** Set when the idle-time thread warm-up after start (ThreadWarmup) has painted and is gone. */
export const THREAD_WARMED_MARK = 'linq:thread-warmed'
/** The chat whose data mark still waits for its painted mark. */
let awaitingPaint: string | null = null

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
