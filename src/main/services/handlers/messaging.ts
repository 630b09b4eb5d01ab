// Chats and messages of the open workspace.
import type { HandlerContext, HandlerGroup } from './context'

export function messagingHandlers(
  ctx: HandlerContext,
): HandlerGroup<
  | 'listChats'
  | 'setChatMuted'
  | 'setActiveChat'
  | 'markChatRead'
  | 'setDraft'
  | 'listMessages'
  | 'loadOlderMessages'
  | 'sendMessage'
  | 'retryMessage'
  | 'discardMessage'
  | 'cancelMessage'
  | 'editMessage'
  | 'deleteMessage'
  | 'reactToMessage'
> {
  const ws = ctx.workspace
  return {
    listChats: ({ limit }) => ws().listChats(limit),
    setChatMuted: ({ chatId, muted }) => ws().setChatMuted(chatId, muted),
    setActiveChat: ({ chatId }) => ws().setActiveChat(chatId),
    markChatRead: ({ chatId }) => ws().markChatRead(chatId),
    setDraft: ({ chatId, text }) => ws().setDraft(chatId, text),

    listMessages: ({ chatId, limit }) => ws().listMessages(chatId, limit),
    loadOlderMessages: ({ chatId, beforeId, limit }) => ws().loadOlderMessages(chatId, beforeId, limit),
    sendMessage: ({ chatId, text, attachmentIds }) => ws().sendMessage(chatId, text, attachmentIds),
    retryMessage: ({ localId }) => ws().retryMessage(localId),
    discardMessage: ({ localId }) => ws().discardMessage(localId),
    cancelMessage: ({ localId }) => ws().cancelMessage(localId),
    editMessage: ({ chatId, messageId, text }) => ws().editMessage(chatId, messageId, text),
    deleteMessage: ({ chatId, messageId }) => ws().deleteMessage(chatId, messageId),
    reactToMessage: ({ chatId, messageId, type, operation }) =>
      ws().reactToMessage(chatId, messageId, type, operation),
  }
}
