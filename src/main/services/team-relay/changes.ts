// What a relayed Linq event means to the desktop. The rule: the cache is fed by API responses only; the relay
// fetches once per event and shares the response. So the webhook's own payload (loosely documented) only says
// which chat changed and how; the chat's new state comes from Linq's answer to listChatMessages, fetched by the
// relay for every desktop (`shared`, checked with the API schema when applied), or, when the event has none
// (the fetch failed, an older relay, an event it does not share), from this desktop's own targeted pull.
import {
  chatIdOf,
  sharedFetchOf,
  type SharedFetch,
  isWebhookEventType,
  type WebhookEnvelope,
  type WebhookEventType,
} from '../../../shared/relay-protocol'

export type RelayChange =
  /** New or changed messages or reactions in the chat: sync its newest messages. */
  | { kind: 'messages'; chatId: string; messageId: string | null; shared: SharedFetch | null }
  /** A customer read the app's messages up to messageId. */
  | { kind: 'read'; chatId: string; messageId: string | null; shared: SharedFetch | null }
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
  const shared = sharedFetchOf(envelope)
  if (type.startsWith('contact.')) return { kind: 'contacts' }
  if (type === 'call.completed') return null
  if (chatId === null) return { kind: 'chats' }
  switch (type) {
    case 'message.sent':
    case 'message.received':
      return { kind: 'messages', chatId, messageId: idOf(data.id), shared }
    case 'reaction.sent':
    case 'reaction.received':
      return { kind: 'messages', chatId, messageId: idOf(data.chat_message_id), shared }
    case 'message.read':
      return { kind: 'read', chatId, messageId: idOf(data.id), shared }
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
