// Which actions a message offers. Reactions, edits and deletes need Linq's id for the message, so messages
// still in the outbox (queued, sending, failed) offer none; only our own sent messages can be changed.
import type { Message } from '../../../shared/domain'
import { handleName } from '../../ui/format'

const ACCEPTED: ReadonlySet<Message['status']> = new Set(['sent', 'delivered', 'read', 'received'])
const OWN_SENT: ReadonlySet<Message['status']> = new Set(['sent', 'delivered', 'read'])

export function canReact(message: Message): boolean {
  return ACCEPTED.has(message.status)
}

export function canEdit(message: Message): boolean {
  return message.isFromMe && OWN_SENT.has(message.status)
}

export const canDelete = canEdit

export function senderName(message: Message, isGroupChat: boolean, otherName: string): string {
  if (message.isFromMe) return 'You'
  return isGroupChat ? handleName(message.from) : otherName
}

/** The message's element in the thread, to give focus back after a menu or editor closes. */
export function messageElement(messageId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(
    `[data-testid="message"][data-message-id="${CSS.escape(messageId)}"]`,
  )
}

export function focusMessage(messageId: string): void {
  messageElement(messageId)?.focus()
}
