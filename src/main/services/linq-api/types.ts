// The client's own shapes where the app's domain model (src/shared/domain.ts) has none: pages, contacts,
// webhook subscriptions, the iMessage check, and the options of the client's methods. All camelCase, ids
// as strings, no nullable-vs-missing distinctions.
import type { Chat, Message } from '../../../shared/domain'
import type { components } from '../../../shared/wire/linq-v2.gen'

export interface Page<T> {
  items: T[]
  /** 1-based. */
  page: number
  totalPages: number
  totalCount: number
  perPage: number
}

export interface CallOptions {
  signal?: AbortSignal
}

export interface AttachmentFile {
  path: string
  /** Name shown to the recipient; the file's own name by default. */
  filename?: string
  /** Guessed from the extension by default. */
  mimeType?: string
}

export interface SendInput {
  text: string
  /** From newIdempotencyKey(), made once per logical message and reused on every retry. */
  idempotencyKey: string
  attachments?: AttachmentFile[]
  /** Public URLs Linq downloads itself. */
  attachmentUrls?: string[]
}

export interface SendProgress {
  sentBytes: number
  totalBytes: number
}

export interface SendOptions extends CallOptions {
  onProgress?: (progress: SendProgress) => void
}

export interface SendResult {
  message: Message
  /** True when Linq had already accepted this idempotency key and answered with the earlier message. */
  replayed: boolean
}

export interface CreateChatInput {
  /** One of the organization's Linq numbers. */
  sendFrom: string
  /** Recipients: phone numbers (E.164) or email addresses. */
  phoneNumbers: string[]
  displayName?: string
  text: string
  idempotencyKey: string
  attachmentUrls?: string[]
}

export interface CreatedChat {
  chat: Chat
  /** The first message, as Linq accepted it. */
  message: Message
}

export interface PageQuery {
  page?: number
  /** At most 100. */
  perPage?: number
}

export interface ListChatMessagesQuery {
  page?: number
  /** At most 100. */
  perPage?: number
  /** ISO 8601 instants; Linq filters on send time. */
  before?: string
  after?: string
  /** Linq's default is 'asc' (oldest first). */
  sort?: 'asc' | 'desc'
}

export interface IterateMessagesOptions extends CallOptions {
  /** newest-first for opening a thread, oldest-first (with `after`) for catching up. */
  order: 'newest-first' | 'oldest-first'
  after?: string
  before?: string
  perPage?: number
}

export interface BackfillOptions extends CallOptions {
  /** Newest pages per chat (default 1). */
  pagesPerChat?: number
  perPage?: number
  /** Requests in flight at once (default 6). */
  concurrency?: number
  onPage?: (chatId: string, page: Page<Message>) => void
}

export interface IMessageAvailability {
  phoneNumber: string
  available: boolean
}

export interface ContactOwner {
  id: string
  email: string
  name: string
}

export interface Contact {
  id: string
  firstName: string
  lastName: string
  fullName: string
  email: string
  phoneNumber: string
  company: string
  title: string
  location: string
  imageUrl: string | null
  createdAt: string | null
  updatedAt: string | null
  owner: ContactOwner | null
}

/** Create needs at least one of firstName, lastName, email, phoneNumber; updates change only what is given. */
export interface ContactInput {
  firstName?: string
  lastName?: string
  email?: string
  phoneNumber?: string
  company?: string
  title?: string
  location?: string
  /** Email of a user of the organization who owns the contact. */
  ownerEmail?: string
}

export type WebhookEventType = components['schemas']['WebhookEventType']

export interface WebhookSubscription {
  id: string
  url: string
  version: number
  events: string[]
  active: boolean
  secretConfigured: boolean
  lastDeliveredAt: string | null
  deliveryAttempts: number
  createdAt: string | null
  updatedAt: string | null
}

export interface WebhookSubscriptionInput {
  /** An https URL that receives the POSTs. */
  url: string
  events: WebhookEventType[]
  /** API version of the payloads; 2 by default. */
  version?: number
  secret?: string
  active?: boolean
}
