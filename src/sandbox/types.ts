import type { components } from '../shared/wire/linq-v2.gen'

type Schemas = components['schemas']
// Stored records are the wire types with every documented field present, so nothing can drift from the spec.
export type WireChatHandle = Required<Schemas['ChatHandle']>
export type WireChat = Omit<Required<Schemas['Chat']>, 'chat_handles'> & { chat_handles: WireChatHandle[] }
export type WireAttachment = Required<Schemas['Attachment']>
export type WireReaction = Required<Schemas['Reaction']>
export type WireChatMessage = Omit<Required<Schemas['ChatMessage']>, 'attachments' | 'reactions'> & {
  attachments: WireAttachment[]
  reactions: WireReaction[]
}
export type WirePhoneNumber = Omit<Required<Schemas['PhoneNumber']>, 'user'>
export type WireContact = Required<Schemas['Contact']>
export type WireWebhookSubscription = Required<Schemas['WebhookSubscription']>
export type ReactionType = Schemas['ReactionType']
export type Service = Schemas['Service']

export const REACTION_TYPES: readonly ReactionType[] = [
  'love',
  'like',
  'dislike',
  'laugh',
  'emphasize',
  'question',
]
