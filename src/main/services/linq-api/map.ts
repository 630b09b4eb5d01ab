// The one place where Linq's wire format becomes the app's domain model: integer ids become strings,
// nullable and missing fields get defaults, unknown enum values are tolerated. Bodies are checked with zod,
// so a malformed answer is a clear 'bad-response' error here instead of an undefined deep in the UI.
import { z } from 'zod'
import {
  REACTION_TYPES,
  SERVICES,
  type Attachment,
  type Chat,
  type Message,
  type PhoneNumber,
  type Reaction,
  type Service,
} from '../../../shared/domain'
import { LinqApiError } from './errors'

const id = z.union([z.number().int(), z.string().min(1)]).transform(String)
const text = z.string().nullish().transform((v) => v ?? '')
const time = z.string().nullish().transform((v) => v ?? null)

export const wirePhoneNumber = z.object({
  id,
  phone_number: z.string(),
  forwarding_number: z.string().nullish(),
})
export const wireHandle = z.object({ id, phone_number: z.string(), service: z.string().nullish() })
export const wireChat = z.object({
  id,
  display_name: z.string().nullish(),
  service: z.string().nullish(),
  group: z.boolean().nullish(),
  message_count: z.number().int().nonnegative().nullish(),
  chat_handles: z.array(wireHandle).nullish(),
})
export const wireAttachment = z.object({
  id: z.string().min(1),
  url: z.string().nullish(),
  filename: z.string().nullish(),
  mime_type: z.string().nullish(),
  file_size: z.number().nullish(),
})
export const wireReaction = z.object({
  id,
  reaction: z.string(),
  is_from_me: z.boolean().nullish(),
  from_phone: z.string().nullish(),
  sent_at: z.string().nullish(),
  created_at: z.string().nullish(),
})
export const wireMessage = z.object({
  id,
  text,
  sent_at: z.string(),
  delivered_at: time,
  delivery_status: z.string().nullish(),
  edited_at: time,
  is_read: z.boolean().nullish(),
  sent_from: z.string().nullish(),
  attachments: z.array(wireAttachment).nullish(),
  reactions: z.array(wireReaction).nullish(),
})
export const wireMeta = z.object({
  page: z.number().int(),
  total_pages: z.number().int(),
  total_count: z.number().int(),
  per_page: z.number().int(),
})

/** Parses `body` with `schema` or throws a bad-response LinqApiError naming the operation. */
export function parseWire<S extends z.ZodType>(operationId: string, schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new LinqApiError({
      kind: 'bad-response',
      operationId,
      message: `Linq's answer to ${operationId} is not in the documented shape (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}).`,
    })
  }
  return result.data
}

export interface MapContext {
  ownNumbers: ReadonlySet<string>
  attachmentSrc(attachmentId: string, remoteUrl: string): string
}

const service = (value: string | null | undefined): Service | null =>
  (SERVICES as readonly string[]).includes(value ?? '') ? (value as Service) : null

export function toPhoneNumber(wire: z.output<typeof wirePhoneNumber>): PhoneNumber {
  return { id: wire.id, number: wire.phone_number, forwardingNumber: wire.forwarding_number ?? null }
}

export function toChat(wire: z.output<typeof wireChat>, ctx: MapContext, phoneNumber?: string): Chat {
  const handles = wire.chat_handles ?? []
  const own = phoneNumber ?? handles.find((h) => ctx.ownNumbers.has(h.phone_number))?.phone_number ?? ''
  const others = handles.filter((h) => !ctx.ownNumbers.has(h.phone_number))
  return {
    id: wire.id,
    phoneNumber: own,
    title: wire.display_name?.trim() || others.map((h) => h.phone_number).join(', ') || 'Untitled chat',
    service: service(wire.service),
    isGroup: wire.group ?? others.length > 1,
    participants: others.map((h) => ({ id: h.id, handle: h.phone_number, service: service(h.service) })),
    messageCount: wire.message_count ?? 0,
    lastMessage: null,
    lastActivityAt: null,
    unreadCount: 0,
  }
}

export function toAttachment(wire: z.output<typeof wireAttachment>, ctx: MapContext): Attachment {
  const remoteUrl = wire.url ?? null
  return {
    id: wire.id,
    filename: wire.filename || 'attachment',
    mimeType: wire.mime_type || 'application/octet-stream',
    sizeBytes: wire.file_size ?? 0,
    src: remoteUrl ? ctx.attachmentSrc(wire.id, remoteUrl) : '',
    remoteUrl,
  }
}

export function toReaction(wire: z.output<typeof wireReaction>): Reaction | null {
  if (!(REACTION_TYPES as readonly string[]).includes(wire.reaction)) return null
  return {
    id: wire.id,
    type: wire.reaction as Reaction['type'],
    isFromMe: wire.is_from_me ?? false,
    from: wire.from_phone ?? '',
    sentAt: wire.sent_at ?? wire.created_at ?? '',
  }
}

export function toMessage(wire: z.output<typeof wireMessage>, chatId: string, ctx: MapContext): Message {
  const isFromMe = wire.sent_from ? ctx.ownNumbers.has(wire.sent_from) : false
  let status: Message['status'] = 'received'
  let failure: Message['failure'] = null
  if (isFromMe) {
    switch (wire.delivery_status) {
      case 'delivered':
        status = wire.is_read ? 'read' : 'delivered'
        break
      case 'pending':
      case null:
      case undefined:
        status = 'sent'
        break
      case 'service_unavailable':
        status = 'failed'
        failure = { message: 'The recipient could not be reached on this service.', retryable: false }
        break
      case 'paused':
        status = 'failed'
        failure = { message: 'Sending from this number is paused.', retryable: false }
        break
      default:
        status = 'failed'
        failure = { message: `Linq reported "${wire.delivery_status}".`, retryable: false }
    }
  }
  return {
    id: wire.id,
    chatId,
    localId: null,
    text: wire.text,
    sentAt: wire.sent_at,
    isFromMe,
    from: wire.sent_from ?? '',
    status,
    failure,
    upload: null,
    editedAt: wire.edited_at,
    attachments: (wire.attachments ?? []).map((a) => toAttachment(a, ctx)),
    reactions: (wire.reactions ?? []).map(toReaction).filter((r): r is Reaction => r !== null),
  }
}
