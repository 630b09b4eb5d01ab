// The `data` of each webhook the sandbox can produce, built from its state in the shapes of the OpenAPI
// file's webhook schemas (typed from the generated file, checked against the spec in the contract tests).
import type { components } from '../shared/wire/linq-v2.gen'
import type { ChatRecord } from './state'
import type { WireChatMessage, WireContact, WireReaction } from './types'

type Schemas = components['schemas']

/** Linq's documented webhook timestamp form, `2025-05-21 15:30:00 -0600` (here always UTC). */
export function webhookTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000`
}

const handlesOf = (record: ChatRecord): Schemas['WebhookChatHandle'][] =>
  record.chat.chat_handles.map((h) => ({ identifier: h.phone_number, is_me: h.id === record.ownHandleId }))

export function messageData(record: ChatRecord, message: WireChatMessage): Schemas['MessageEventData'] {
  return {
    id: message.id,
    chat_id: record.chat.id,
    text: message.text,
    sent_at: webhookTime(Date.parse(message.sent_at)),
    is_read: message.is_read,
    from_phone: message.sent_from,
    service: record.chat.service,
    reaction_id: null,
    chat_handles: handlesOf(record),
    attachments: message.attachments.map(({ id, url, filename, mime_type }) => ({
      id,
      url,
      filename,
      mime_type,
    })),
  }
}

export function readData(record: ChatRecord, message: WireChatMessage, at: number) {
  return {
    id: message.id,
    chat_id: record.chat.id,
    read_at: webhookTime(at),
  } satisfies Schemas['MessageReadEventData']
}

export function reactionData(
  record: ChatRecord,
  message: WireChatMessage,
  reaction: WireReaction,
): Schemas['ReactionEventData'] {
  const handle = record.chat.chat_handles.find((h) => h.phone_number === reaction.from_phone)
  return {
    id: reaction.id,
    chat_message_id: message.id,
    chat_id: record.chat.id,
    reaction: reaction.reaction,
    is_from_me: reaction.is_from_me,
    sent_at: webhookTime(Date.parse(reaction.sent_at)),
    created_at: webhookTime(Date.parse(reaction.created_at)),
    chat_handle: { id: handle?.id ?? 0, identifier: reaction.from_phone },
    chat_handles: handlesOf(record),
    associated_message: {
      id: message.id,
      text: message.text,
      sent_at: webhookTime(Date.parse(message.sent_at)),
    },
  }
}

export function typingData(record: ChatRecord, display: boolean, at: number) {
  return {
    chat_id: record.chat.id,
    display,
    timestamp: webhookTime(at),
    chat_handles: handlesOf(record),
  } satisfies Schemas['TypingIndicatorEventData']
}

/** participant.* payloads are undocumented; the sandbox sends the chat, who joined or left, and who is in it. */
export function participantData(record: ChatRecord, phoneNumber: string) {
  return {
    chat_id: record.chat.id,
    chat_handle: { identifier: phoneNumber, is_me: false },
    chat_handles: handlesOf(record),
  }
}

export const contactData = (contact: WireContact): Schemas['Contact'] => ({ ...contact })
