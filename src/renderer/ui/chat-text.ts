// How a chat is named and summarised wherever it appears (list, switcher, header, notices).
import type { Chat, ChatParticipant } from '../../shared/domain'
import { contactName, formatHandle, handleName } from './format'

/** Participants other than the Linq number itself. */
export function otherParticipants(chat: Chat): ChatParticipant[] {
  return chat.participants.filter((p) => p.handle !== chat.phoneNumber)
}

export function chatTitle(chat: Chat): string {
  const others = otherParticipants(chat)
  // A one-to-one chat is named after the contact, as on a phone; a group keeps the name it was given.
  const contact = !chat.isGroup && others.length === 1 ? contactName(others[0]!.handle) : null
  if (contact) return contact
  const title = chat.title.trim()
  // Linq names a chat without a name after its numbers: those read better as names too.
  if (title && !/^\+\d{6,}(, ?\+\d{6,})*$/.test(title)) return title
  const names = others.map((p) => handleName(p.handle))
  return names.length > 0 ? names.join(', ') : formatHandle(chat.phoneNumber)
}

export function previewText(chat: Chat): string {
  const last = chat.lastMessage
  if (!last) return 'No messages yet'
  const firstLine = last.text.trim().split('\n', 1)[0] ?? ''
  const body = firstLine || last.attachmentSummary || 'Message'
  return last.isFromMe ? `You: ${body}` : body
}
