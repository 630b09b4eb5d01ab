// How a chat is named and summarised wherever it appears (list, switcher, header, notices).
import type { Chat, ChatParticipant } from '../../shared/domain'
import { formatHandle } from './format'

/** Participants other than the Linq number itself. */
export function otherParticipants(chat: Chat): ChatParticipant[] {
  return chat.participants.filter((p) => p.handle !== chat.phoneNumber)
}

export function chatTitle(chat: Chat): string {
  const title = chat.title.trim()
  if (title) return /^\+\d{6,}$/.test(title) ? formatHandle(title) : title
  const others = otherParticipants(chat).map((p) => formatHandle(p.handle))
  return others.length > 0 ? others.join(', ') : formatHandle(chat.phoneNumber)
}

export function previewText(chat: Chat): string {
  const last = chat.lastMessage
  if (!last) return 'No messages yet'
  const firstLine = last.text.trim().split('\n', 1)[0] ?? ''
  const body = firstLine || last.attachmentSummary || 'Message'
  return last.isFromMe ? `You: ${body}` : body
}
