// The one place where Linq's wire format becomes the app's model: integer ids become strings, nullable and
// missing fields get defaults, unknown enum values are tolerated. Bodies are checked with zod for the
// fields the app uses, so a malformed answer is a clear 'bad-response' error here instead of an undefined
// deep in the UI. Each wire schema may only name fields of the generated OpenAPI type (`satisfies`), so a
// renamed field in the spec fails the typecheck.
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
import type { components } from '../../../shared/wire/linq-v2.gen'
import { LinqApiError } from './errors'
import type { Contact, IMessageAvailability, Page, WebhookSubscription } from './types'

type Schemas = components['schemas']
type FieldsOf<Name extends keyof Schemas> = { [K in keyof Schemas[Name]]?: z.ZodType }

const id = z.union([z.number().int(), z.string().min(1)]).transform(String)
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? '')
const optionalTime = z
  .string()
  .nullish()
  .transform((v) => v ?? null)

const wirePhoneNumber = z.object({
  id,
  phone_number: z.string().min(1),
  forwarding_number: z.string().nullish(),
} satisfies FieldsOf<'PhoneNumber'>)

const wireHandle = z.object({
  id,
  phone_number: z.string(),
  service: z.string().nullish(),
} satisfies FieldsOf<'ChatHandle'>)

const wireChat = z.object({
  id,
  display_name: z.string().nullish(),
  service: z.string().nullish(),
  group: z.boolean().nullish(),
  message_count: z.number().int().nonnegative().nullish(),
  chat_handles: z.array(wireHandle).nullish(),
} satisfies FieldsOf<'Chat'>)

const wireAttachment = z.object({
  id,
  url: z.string().nullish(),
  filename: z.string().nullish(),
  mime_type: z.string().nullish(),
  file_size: z.number().nonnegative().nullish(),
} satisfies FieldsOf<'Attachment'>)

const wireReaction = z.object({
  id,
  reaction: z.string().nullish(),
  is_from_me: z.boolean().nullish(),
  from_phone: z.string().nullish(),
  sent_at: z.string().nullish(),
  created_at: z.string().nullish(),
} satisfies FieldsOf<'Reaction'>)

const wireMessage = z.object({
  id,
  text: optionalText,
  sent_at: z.string().min(1),
  delivery_status: z.string().nullish(),
  edited_at: optionalTime,
  is_read: z.boolean().nullish(),
  sent_from: z.string().nullish(),
  attachments: z.array(wireAttachment).nullish(),
  reactions: z.array(wireReaction).nullish(),
} satisfies FieldsOf<'ChatMessage'>)

/** The first message inside createChat's answer: no sender (it is ours), no reactions yet. */
const wireCreatedMessage = z.object({
  id,
  text: optionalText,
  sent_at: z.string().min(1),
  delivery_status: z.string().nullish(),
  is_read: z.boolean().nullish(),
  attachments: z.array(wireAttachment).nullish(),
} satisfies FieldsOf<'CreatedChatMessage'>)

const wireMeta = z.object({
  page: z.number().int().positive(),
  total_pages: z.number().int().nonnegative(),
  total_count: z.number().int().nonnegative(),
  per_page: z.number().int().positive(),
} satisfies FieldsOf<'PaginationMeta'>)

const wireContact = z.object({
  id,
  first_name: optionalText,
  last_name: optionalText,
  full_name: optionalText,
  email: optionalText,
  phone_number: optionalText,
  company: optionalText,
  title: optionalText,
  location: optionalText,
  image_url: optionalTime,
  created_at: optionalTime,
  updated_at: optionalTime,
  contact_owner: z
    .object({
      id,
      email: optionalText,
      name: optionalText,
      first_name: optionalText,
      last_name: optionalText,
    } satisfies FieldsOf<'ContactOwner'>)
    .nullish(),
} satisfies FieldsOf<'Contact'>)

const wireContactsPagination = z.object({
  current_page: z.number().int().positive(),
  per_page: z.number().int().positive(),
  total_pages: z.number().int().nonnegative(),
  total_count: z.number().int().nonnegative(),
} satisfies FieldsOf<'ContactsPagination'>)

const wireWebhookSubscription = z.object({
  id,
  webhook_url: z.string(),
  version: z.number().int(),
  events: z.array(z.string()).nullish(),
  active: z.boolean().nullish(),
  secret_configured: z.boolean().nullish(),
  last_delivered_at: optionalTime,
  delivery_attempts: z.number().int().nullish(),
  created_at: optionalTime,
  updated_at: optionalTime,
} satisfies FieldsOf<'WebhookSubscription'>)

/** The answer shapes of each operation the client reads, built once (zod schemas are costly to build). */
export const answers = {
  listPhoneNumbers: z.object({ phone_numbers: z.array(wirePhoneNumber) }),
  updatePhoneNumber: wirePhoneNumber,
  listChats: z.object({ data: z.array(wireChat), meta: wireMeta }),
  createChat: z.object({ data: wireChat.extend({ chat_messages: wireCreatedMessage }) }),
  findChat: z.object({ data: z.object({ chat: wireChat.nullable() }) }),
  getChat: z.object({ data: wireChat }),
  listChatMessages: z.object({ data: z.array(wireMessage), meta: wireMeta }),
  message: z.object({ data: wireMessage }),
  editMessage: z.object({ data: z.object({ id, text: z.string() }) }),
  reaction: z.object({ data: wireReaction }),
  checkIMessageAvailability: z.object({ available: z.boolean(), phone_number: z.string() }),
  listContacts: z.object({ contacts: z.array(wireContact), pagination: wireContactsPagination }),
  contact: z.object({ data: wireContact }),
  // Found: the bare contact. Not found: {contact: null}.
  findContact: z.union([z.object({ contact: z.null() }), wireContact]),
  listWebhookSubscriptions: z.object({ webhook_subscriptions: z.array(wireWebhookSubscription) }),
  webhookSubscription: z.object({ webhook_subscription: wireWebhookSubscription }),
}

/** Parses `body` with `schema` or throws a bad-response LinqApiError naming the operation and the field. */
export function parseWire<S extends z.ZodType>(operationId: string, schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue?.path.length ? issue.path.map(String).join('.') : 'the body'
  throw new LinqApiError({
    kind: 'bad-response',
    operationId,
    message: `Linq's answer to ${operationId} is not in the documented shape (${where}: ${issue?.message ?? 'invalid'}).`,
  })
}

export interface MapContext {
  /** The organization's Linq numbers: a message sent from one of them is ours. */
  ownNumbers: ReadonlySet<string>
  attachmentSrc?: (attachmentId: string, remoteUrl: string) => string
}

const service = (value: string | null | undefined): Service | null =>
  (SERVICES as readonly string[]).includes(value ?? '') ? (value as Service) : null

export function toPhoneNumber(wire: z.output<typeof wirePhoneNumber>): PhoneNumber {
  return { id: wire.id, number: wire.phone_number, forwardingNumber: wire.forwarding_number || null }
}

/** `phoneNumber`: the Linq number the chat was listed under; otherwise the participant that is one of ours. */
export function toChat(wire: z.output<typeof wireChat>, ctx: MapContext, phoneNumber?: string): Chat {
  const handles = wire.chat_handles ?? []
  const own = phoneNumber ?? handles.find((h) => ctx.ownNumbers.has(h.phone_number))?.phone_number ?? ''
  const others = handles.filter((h) => h.phone_number !== own && !ctx.ownNumbers.has(h.phone_number))
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
  const remoteUrl = wire.url || null
  return {
    id: wire.id,
    filename: wire.filename || 'attachment',
    mimeType: wire.mime_type || 'application/octet-stream',
    sizeBytes: wire.file_size ?? 0,
    src: remoteUrl === null ? '' : (ctx.attachmentSrc?.(wire.id, remoteUrl) ?? remoteUrl),
    remoteUrl,
  }
}

/** Null for a reaction type the app does not know (Linq may add some); callers drop those. */
export function toReaction(wire: z.output<typeof wireReaction>): Reaction | null {
  if (!wire.reaction || !(REACTION_TYPES as readonly string[]).includes(wire.reaction)) return null
  return {
    id: wire.id,
    type: wire.reaction as Reaction['type'],
    isFromMe: wire.is_from_me ?? false,
    from: wire.from_phone ?? '',
    sentAt: wire.sent_at ?? wire.created_at ?? '',
  }
}

const DELIVERY_FAILURES: Record<string, string> = {
  service_unavailable: "The recipient can't be reached on iMessage, RCS or SMS right now.",
  paused: 'Sending from this Linq number is paused.',
  rate_limit_exceeded: 'Linq held this message back because too many were sent at once.',
}

function ownStatus(
  deliveryStatus: string | null | undefined,
  isRead: boolean,
): Pick<Message, 'status' | 'failure'> {
  if (deliveryStatus === 'delivered') return { status: isRead ? 'read' : 'delivered', failure: null }
  if (deliveryStatus === 'pending' || deliveryStatus === null || deliveryStatus === undefined)
    return { status: 'sent', failure: null }
  return {
    status: 'failed',
    failure: {
      message: DELIVERY_FAILURES[deliveryStatus] ?? 'Linq could not deliver this message.',
      retryable: false,
    },
  }
}

export function toMessage(wire: z.output<typeof wireMessage>, chatId: string, ctx: MapContext): Message {
  const isFromMe = wire.sent_from ? ctx.ownNumbers.has(wire.sent_from) : false
  const { status, failure } = isFromMe
    ? ownStatus(wire.delivery_status, wire.is_read ?? false)
    : { status: 'received' as const, failure: null }
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
    unread: !isFromMe && wire.is_read === false,
    attachments: (wire.attachments ?? []).map((a) => toAttachment(a, ctx)),
    reactions: (wire.reactions ?? []).map(toReaction).filter((r): r is Reaction => r !== null),
  }
}

export function toCreatedChat(
  wire: z.output<(typeof answers)['createChat']>['data'],
  sendFrom: string,
  ctx: MapContext,
): { chat: Chat; message: Message } {
  // The answer carries no message_count; the chat holds at least the message just sent.
  const chat = { ...toChat(wire, ctx, sendFrom), messageCount: Math.max(1, wire.message_count ?? 1) }
  const first = wire.chat_messages
  return {
    chat,
    message: {
      ...toMessage({ ...first, sent_from: sendFrom, edited_at: null, reactions: [] }, chat.id, ctx),
      // Linq answers this on behalf of sendFrom, one of our numbers, whatever the cached list says.
      isFromMe: true,
      ...ownStatus(first.delivery_status, first.is_read ?? false),
    },
  }
}

export function toPage<W, T>(
  items: readonly W[],
  meta: z.output<typeof wireMeta>,
  map: (item: W) => T,
): Page<T> {
  return {
    items: items.map(map),
    page: meta.page,
    totalPages: meta.total_pages,
    totalCount: meta.total_count,
    perPage: meta.per_page,
  }
}

export function toContact(wire: z.output<typeof wireContact>): Contact {
  const owner = wire.contact_owner
  return {
    id: wire.id,
    firstName: wire.first_name,
    lastName: wire.last_name,
    fullName: wire.full_name || [wire.first_name, wire.last_name].filter(Boolean).join(' '),
    email: wire.email,
    phoneNumber: wire.phone_number,
    company: wire.company,
    title: wire.title,
    location: wire.location,
    imageUrl: wire.image_url,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
    owner: owner
      ? {
          id: owner.id,
          email: owner.email,
          name: owner.name || [owner.first_name, owner.last_name].filter(Boolean).join(' '),
        }
      : null,
  }
}

export function toContactsPage(wire: z.output<(typeof answers)['listContacts']>): Page<Contact> {
  return {
    items: wire.contacts.map(toContact),
    page: wire.pagination.current_page,
    totalPages: wire.pagination.total_pages,
    totalCount: wire.pagination.total_count,
    perPage: wire.pagination.per_page,
  }
}

export function toWebhookSubscription(wire: z.output<typeof wireWebhookSubscription>): WebhookSubscription {
  return {
    id: wire.id,
    url: wire.webhook_url,
    version: wire.version,
    events: wire.events ?? [],
    active: wire.active ?? true,
    secretConfigured: wire.secret_configured ?? false,
    lastDeliveredAt: wire.last_delivered_at,
    deliveryAttempts: wire.delivery_attempts ?? 0,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  }
}

export function toIMessageAvailability(
  wire: z.output<(typeof answers)['checkIMessageAvailability']>,
): IMessageAvailability {
  return { phoneNumber: wire.phone_number, available: wire.available }
}
