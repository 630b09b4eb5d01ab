// Conversations: new chats and groups, availability, typing, contacts (issue 17).
import type { HandlerContext, HandlerGroup } from './context'

export function conversationHandlers(
  ctx: HandlerContext,
): HandlerGroup<
  | 'findChatWith'
  | 'createChat'
  | 'listPendingChats'
  | 'retryPendingChat'
  | 'discardPendingChat'
  | 'checkAvailability'
  | 'setTyping'
  | 'shareContactCard'
  | 'listContacts'
  | 'refreshContacts'
  | 'saveContact'
> {
  const ws = ctx.workspace
  return {
    findChatWith: ({ from, to }) => ws().findChatWith(from, to),
    createChat: (input) => ws().createChat(input),
    listPendingChats: () => ws().listPendingChats(),
    retryPendingChat: ({ localId }) => ws().retryPendingChat(localId),
    discardPendingChat: ({ localId }) => ws().discardPendingChat(localId),
    checkAvailability: ({ phoneNumbers }) => ws().checkAvailability(phoneNumbers),
    setTyping: ({ chatId, typing }) => ws().setTyping(chatId, typing),
    shareContactCard: ({ chatId }) => ws().shareContactCard(chatId),
    listContacts: () => ws().listContacts(),
    refreshContacts: () => ws().refreshContacts(),
    saveContact: (input) => ws().saveContact(input),
  }
}
