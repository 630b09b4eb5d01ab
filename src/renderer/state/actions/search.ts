// Opening a thread at a found message: the chat opens, the messages from a little before it to the newest
// are loaded (main takes them from the cache, or from Linq when the message is older than the cache), and
// the thread scrolls to it and highlights it (features/search/use-jump.ts).
import { errorText, linq } from '../../linq'
import { findMessage, messageAt, useMessagesStore } from '../messages'
import { useSearchStore } from '../search'
import { useUiStore } from '../ui'
import { flushDrafts } from '../drafts'
import { markReadIfLooking } from './thread'

export async function openChatAt(chatId: string, messageId: string): Promise<void> {
  const ui = useUiStore.getState()
  if (ui.activeChatId !== null && ui.activeChatId !== chatId) void flushDrafts(ui.activeChatId)
  ui.setActiveChat(chatId)
  markReadIfLooking(chatId)
  useSearchStore.getState().jumpTo(chatId, messageId)
  const loaded = useMessagesStore.getState().threads[chatId]
  useMessagesStore.getState().beginLoad(chatId)
  if (loaded?.status === 'ready' && findMessage(chatId, messageId)) return
  try {
    const { messages, hasOlder, found } = await linq().messagesAround({ chatId, messageId })
    const store = useMessagesStore.getState()
    const thread = store.threads[chatId]
    const oldestLoaded = thread?.keys[0] === undefined ? undefined : messageAt(thread, thread.keys[0])
    if (thread?.status !== 'ready') store.loaded(chatId, messages, hasOlder)
    // Already loaded further back than these: they only fill in; the thread's own hasOlder still holds.
    else if (oldestLoaded && messages[0] && oldestLoaded.sentAt <= messages[0].sentAt)
      store.upsert(chatId, messages, [])
    else store.olderLoaded(chatId, messages, hasOlder)
    if (!found) useUiStore.getState().notify('info', 'That message is no longer in this chat.')
  } catch (error) {
    const text = errorText(error, 'Could not open the chat at that message.')
    if (useMessagesStore.getState().threads[chatId]?.status === 'ready')
      useUiStore.getState().notify('error', text)
    else useMessagesStore.getState().loadFailed(chatId, text)
  }
}
