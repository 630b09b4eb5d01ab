// The rules for changing a message that is already on Linq: only your own messages can be edited or
// deleted; anyone's can be reacted to. Each answer from Linq is incomplete (an edit returns id and text, a
// reaction only the reaction), so the message is read back and stored through the write path, keeping what
// only this app knows about it (its outbox id, its unread flag).
import type { Message, ReactionType } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import type { WorkspaceCache } from '../cache/cache'
import type { LinqClient } from '../linq-api'
import type { MessageWrites } from '../sync/writes'

export interface MessageActions {
  editMessage(chatId: string, messageId: string, text: string): Promise<Message>
  deleteMessage(chatId: string, messageId: string): Promise<void>
  reactToMessage(
    chatId: string,
    messageId: string,
    type: ReactionType,
    operation: 'add' | 'remove',
  ): Promise<Message>
}

/** Linq's copy of a message after an edit or reaction, keeping what only this app knows about it. */
const withLocalFields = (fresh: Message, known: Message): Message => ({
  ...fresh,
  localId: known.localId,
  unread: known.unread,
})

export function createMessageActions(options: {
  client: Pick<LinqClient, 'editMessage' | 'getChatMessage' | 'deleteMessage' | 'reactToMessage'>
  cache: WorkspaceCache
  writes: MessageWrites
}): MessageActions {
  const { client, cache, writes } = options
  const requireMessage = (chatId: string, messageId: string): Message => {
    const message = cache.message(chatId, messageId)
    if (!message) throw new AppError('not-found', 'That message is no longer here.')
    return message
  }
  const requireOwn = (chatId: string, messageId: string, verb: 'edited' | 'deleted'): Message => {
    const known = requireMessage(chatId, messageId)
    if (!known.isFromMe) throw new AppError('validation', `Only your own messages can be ${verb}.`)
    return known
  }

  return {
    async editMessage(chatId, messageId, text) {
      const known = requireOwn(chatId, messageId, 'edited')
      const edited = await client.editMessage(chatId, messageId, text)
      // The edit answers with id and text only; read the message back for edited_at (or stamp it now).
      const fresh = await client
        .getChatMessage(chatId, messageId)
        .catch(() => ({ ...known, text: edited.text, editedAt: new Date().toISOString() }))
      const message = withLocalFields(fresh, known)
      writes.store(chatId, [message])
      return message
    },

    async deleteMessage(chatId, messageId) {
      requireOwn(chatId, messageId, 'deleted')
      await client.deleteMessage(chatId, messageId)
      writes.discard(chatId, [messageId])
    },

    async reactToMessage(chatId, messageId, type, operation) {
      const known = requireMessage(chatId, messageId)
      await client.reactToMessage(messageId, type, operation)
      // The reaction call answers with the reaction only: read the message back for its full list.
      const fresh = await client.getChatMessage(chatId, messageId)
      const message = withLocalFields(fresh, known)
      writes.store(chatId, [message])
      return message
    },
  }
}
