// What a relayed Linq event means to the desktop: not the payload (webhook payloads are loosely documented and
// the cache must stay fed by the API alone), only which chat changed and how, so the app can sync that chat.
import {
  chatIdOf,
  isWebhookEventType,
  type WebhookEnvelope,
  type WebhookEventType,
} from '../../../shared/relay-protocol'

export type RelayChange =
  /** New or changed messages or reactions in the chat: sync its newest messages. */
  | { kind: 'messages'; chatId: string; messageId: string | null }
  /** A customer read the app's messages up to messageId. */
  | { kind: 'read'; chatId: string; messageId: string | null }
  /** A customer started or stopped typing. */
  | { kind: 'typing'; chatId: string; typing: boolean }
  /** People joined or left the chat: sync the chat itself. */
  | { kind: 'chat'; chatId: string }
  /** Something changed in chats the event does not name: sync the chat list. */
  | { kind: 'chats' }
  /** The address book changed. */
  | { kind: 'contacts' }

export type RelayEvent = RelayChange & {
  eventId: string
  eventType: WebhookEventType
  /** When Linq says the event happened (its created_at). */
  createdAt: string
  /** Position in the workspace's stream. */
  seq: number
}

const idOf = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null

/** The change an event stands for, or null for events the desktop has no use for (calls, unknown types). */
export function changeOf(envelope: WebhookEnvelope): RelayChange | null {
  const type = envelope.event_type
  if (!isWebhookEventType(type)) return null
  const chatId = chatIdOf(envelope)
  const data = envelope.data
  if (type.startsWith('contact.')) return { kind: 'contacts' }
  if (type === 'call.completed') return null
  if (chatId === null) return { kind: 'chats' }
  switch (type) {
    case 'message.sent':
    case 'message.received':
      return { kind: 'messages', chatId, messageId: idOf(data.id) }
    case 'reaction.sent':
    case 'reaction.received':
      return { kind: 'messages', chatId, messageId: idOf(data.chat_message_id) }
    case 'message.read':
      return { kind: 'read', chatId, messageId: idOf(data.id) }
    case 'typing_indicator.received':
    case 'typing_indicator.removed':
      return {
        kind: 'typing',
        chatId,
        typing: type === 'typing_indicator.received' && data.display !== false,
      }
    default:
      return { kind: 'chat', chatId }
  }
}
