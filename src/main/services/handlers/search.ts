// Full-text search over the cached messages, and opening a thread at a found message (issue 18).
import type { HandlerContext, HandlerGroup } from './context'

export function searchHandlers(ctx: HandlerContext): HandlerGroup<'searchMessages' | 'messagesAround'> {
  const ws = ctx.workspace
  return {
    searchMessages: (query) => ws().searchMessages(query),
    messagesAround: ({ chatId, messageId, before }) => ws().messagesAround(chatId, messageId, before),
  }
}
