// What the user does to one message: send it, retry, discard or stop a send, react, edit, delete.
// Reactions, edits and deletes show at once and are undone if main refuses them. The undo touches only
// what this action changed, so an event that updated the message meanwhile is not thrown away.
import type { Message, ReactionType } from '../../../shared/domain'
import { errorText, linq } from '../../linq'
import { useChatsStore } from '../chats'
import { findMessage, useMessagesStore } from '../messages'
import { callOrNotify } from './call'

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
    // The composer shows this next to the text it puts back, rather than a notice.
    return { ok: false, error: errorText(error, 'The message could not be queued.') }
  }
}

export async function retryMessage(chatId: string, localId: string): Promise<void> {
  await callOrNotify(() => linq().retryMessage({ chatId, localId }), 'Could not retry the message.')
}

export async function discardMessage(chatId: string, localId: string): Promise<void> {
  await callOrNotify(async () => {
    await linq().discardMessage({ chatId, localId })
    // Main also reports the removal as an event; removing here makes the click feel immediate.
    useMessagesStore.getState().remove(chatId, [localId])
  }, 'Could not discard the message.')
}

export async function cancelUpload(chatId: string, localId: string): Promise<void> {
  await callOrNotify(() => linq().cancelMessage({ chatId, localId }), 'Could not stop the upload.')
}

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
  const undo = () =>
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
  const lead = operation === 'add' ? 'Your reaction was not added.' : 'Your reaction was not removed.'
  const updated = await callOrNotify(() => linq().reactToMessage({ chatId, messageId, type, operation }), {
    lead,
    undo,
  })
  if (updated) useMessagesStore.getState().upsert(chatId, [updated], [])
}

/** Saves new text for a sent message; false (with a notice) when main refused it. */
export async function editMessage(chatId: string, messageId: string, text: string): Promise<boolean> {
  const before = findMessage(chatId, messageId)
  if (!before) return false
  if (before.text === text) return true
  const editedAt = new Date().toISOString()
  useMessagesStore.getState().updateMessage(chatId, messageId, (m) => ({ ...m, text, editedAt }))
  const undo = () =>
    useMessagesStore
      .getState()
      .updateMessage(chatId, messageId, (m) =>
        m.text === text && m.editedAt === editedAt
          ? { ...m, text: before.text, editedAt: before.editedAt }
          : m,
      )
  const updated = await callOrNotify(() => linq().editMessage({ chatId, messageId, text }), {
    lead: 'Your edit was not saved.',
    undo,
  })
  if (!updated) return false
  useMessagesStore.getState().upsert(chatId, [updated], [])
  return true
}

export async function deleteMessage(chatId: string, messageId: string): Promise<void> {
  const before = findMessage(chatId, messageId)
  if (!before) return
  useMessagesStore.getState().remove(chatId, [messageId])
  await callOrNotify(() => linq().deleteMessage({ chatId, messageId }), {
    lead: 'The message was not deleted.',
    // Put it back where it was (rows are ordered by time) unless an event already did.
    undo: () => {
      if (!findMessage(chatId, messageId)) useMessagesStore.getState().upsert(chatId, [before], [])
    },
  })
}
