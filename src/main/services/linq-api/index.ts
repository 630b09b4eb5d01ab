// The Linq API client of the main process. Methods are named after the OpenAPI operationIds and return the
// app's domain types (mapped in map.ts); every call has a timeout and takes an AbortSignal; idempotent calls
// and sends (through their idempotency key) are retried; sends to one chat are paced and stay in order.
import { randomUUID } from 'node:crypto'
import {
  LIMITS,
  type Chat,
  type Message,
  type PhoneNumber,
  type Reaction,
  type ReactionType,
} from '../../../shared/domain'
import { DEFAULT_MIME, knownMimeTypeFor } from '../../../shared/mime'
import type { operations } from '../../../shared/wire/linq-v2.gen'
import { forEachConcurrently } from '../async/pool'
import type { Logger } from '../log'
import { download } from './download'
import { LinqApiError } from './errors'
import { checkFile } from './files'
import { createHttp, type HttpMethod, type RetryPolicy } from './http'
import {
  answers,
  parseWire,
  toChat,
  toContact,
  toContactsPage,
  toCreatedChat,
  toIMessageAvailability,
  toMessage,
  toPage,
  toPhoneNumber,
  toReaction,
  toWebhookSubscription,
  type MapContext,
} from './map'
import { multipartBody, type Part } from './multipart'
import { createPacer } from './pacing'
import type {
  BackfillOptions,
  CallOptions,
  Contact,
  ContactInput,
  CreateChatInput,
  CreatedChat,
  IMessageAvailability,
  IterateMessagesOptions,
  ListChatMessagesQuery,
  PageQuery,
  Page,
  SendInput,
  SendOptions,
  SendResult,
  WebhookSubscription,
  WebhookSubscriptionInput,
} from './types'

export { LinqApiError, type LinqErrorKind } from './errors'
export type { RetryPolicy } from './http'
export type * from './types'

export interface LinqClientOptions {
  /** API host, e.g. https://api.linqapp.com (any path is dropped; the client adds /api/partner/v2). */
  baseUrl: string
  token: string
  /** For every call except streamed uploads, which use node:http (see http.ts). */
  fetch?: typeof fetch
  /** Per attempt (default 30 s); uploads get more in proportion to their size. */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Minimum gap between the starts of two sends to the same chat (default 250 ms). */
  pacing?: { perChatIntervalMs?: number }
  /** Largest attachment accepted (default LIMITS.maxAttachmentBytes). */
  maxAttachmentBytes?: number
  logger?: Logger
  /** Turns an attachment into the URL the renderer loads (default: Linq's own URL). */
  attachmentSrc?: (attachmentId: string, remoteUrl: string) => string
  /** Jitter source, for tests (default Math.random). */
  random?: () => number
  /** Largest JSON answer read (default 8 MB); past it the call fails with kind 'too-large'. */
  maxAnswerBytes?: number
}

const IDEMPOTENCY_KEY = /^[a-zA-Z0-9_-]+$/
const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 30_000 }
/** Uploads are allowed this throughput at worst before they time out. */
const SLOWEST_UPLOAD_BYTES_PER_SECOND = 250_000

/** A fresh idempotency key (`lq_` + 32 hex digits): make one per logical message, reuse it on every retry. */
export function newIdempotencyKey(): string {
  return 'lq_' + randomUUID().replace(/-/g, '')
}

const enc = encodeURIComponent
/** The JSON request body of an operation, as generated from the OpenAPI file. */
type JsonBody<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } }
}
  ? B
  : never

function assertIdempotencyKey(key: string, operationId: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new TypeError(
      `${operationId}: the idempotency key may contain only letters, digits, - and _ (use newIdempotencyKey()).`,
    )
  }
}

function contactBody(
  input: ContactInput,
): JsonBody<'createContact'> & JsonBody<'updateContact'> & JsonBody<'partiallyUpdateContact'> {
  return {
    contact: {
      first_name: input.firstName,
      last_name: input.lastName,
      email: input.email,
      phone_number: input.phoneNumber,
      company: input.company,
      title: input.title,
      location: input.location,
    },
    user_email: input.ownerEmail,
  }
}

function webhookBody(
  input: WebhookSubscriptionInput,
): JsonBody<'createWebhookSubscription'> & JsonBody<'updateWebhookSubscription'> {
  return {
    webhook_subscription: {
      webhook_url: input.url,
      version: input.version ?? 2,
      events: input.events,
      secret: input.secret,
      active: input.active,
    },
  }
}

export function createLinqClient(options: LinqClientOptions) {
  const origin = new URL(options.baseUrl).origin
  const timeoutMs = options.timeoutMs ?? 30_000
  const maxAttachmentBytes = options.maxAttachmentBytes ?? LIMITS.maxAttachmentBytes
  const fetchImpl = options.fetch ?? fetch
  options.logger?.addSecret(options.token)
  const http = createHttp({
    origin,
    token: options.token,
    fetch: fetchImpl,
    timeoutMs,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    random: options.random ?? Math.random,
    logger: options.logger,
    maxAnswerBytes: options.maxAnswerBytes,
  })
  const pacer = createPacer(options.pacing?.perChatIntervalMs ?? 250)
  const aborted = (operationId: string) => () =>
    new LinqApiError({ kind: 'aborted', operationId, message: `${operationId} was cancelled.` })

  // isFromMe needs the organization's numbers: fetched once, lazily, and refreshed by every listPhoneNumbers.
  let mapContext: MapContext | null = null
  let pendingContext: Promise<MapContext> | null = null
  const contextFrom = (numbers: PhoneNumber[]): MapContext =>
    (mapContext = { ownNumbers: new Set(numbers.map((n) => n.number)), attachmentSrc: options.attachmentSrc })
  const context = (): MapContext | Promise<MapContext> => {
    if (mapContext) return mapContext
    pendingContext ??= client
      .listPhoneNumbers()
      .finally(() => (pendingContext = null))
      .then(() => mapContext!)
    return pendingContext
  }

  const call = async (
    operationId: string,
    method: HttpMethod,
    path: string,
    extra: {
      query?: Record<string, string | number | undefined | readonly string[]>
      json?: unknown
      signal?: AbortSignal
    } = {},
  ) =>
    http.request({
      operationId,
      method,
      path,
      ...extra,
      // Only methods that are idempotent by definition; POSTs (except keyed sends) are never repeated.
      retry: method === 'GET' || method === 'PUT' || method === 'DELETE',
      goneIsDone: method === 'DELETE',
    })

  const client = {
    async listPhoneNumbers(opts: CallOptions = {}): Promise<PhoneNumber[]> {
      const r = await call('listPhoneNumbers', 'GET', '/phone_numbers', opts)
      const numbers = parseWire('listPhoneNumbers', answers.listPhoneNumbers, r.body).phone_numbers.map(
        toPhoneNumber,
      )
      contextFrom(numbers)
      return numbers
    },

    /** Sets the number calls are forwarded to; null clears it. */
    async updatePhoneNumber(
      id: string,
      forwardingNumber: string | null,
      opts: CallOptions = {},
    ): Promise<PhoneNumber> {
      const json: JsonBody<'updatePhoneNumber'> = { forwarding_number: forwardingNumber ?? '' }
      const r = await call('updatePhoneNumber', 'PUT', `/phone_numbers/${enc(id)}`, { json, ...opts })
      return toPhoneNumber(parseWire('updatePhoneNumber', answers.updatePhoneNumber, r.body))
    },

    /** Chats of one of the organization's numbers, one page. */
    async listChats(phoneNumber: string, query: PageQuery = {}, opts: CallOptions = {}): Promise<Page<Chat>> {
      const r = await call('listChats', 'GET', '/chats', {
        query: { phone_number: phoneNumber, page: query.page, per_page: query.perPage },
        ...opts,
      })
      const body = parseWire('listChats', answers.listChats, r.body)
      const ctx = await context()
      return toPage(body.data, body.meta, (chat) => toChat(chat, ctx, phoneNumber))
    },

    /** Finds or creates the chat with these recipients and sends the first message (retried under its key). */
    async createChat(input: CreateChatInput, opts: CallOptions = {}): Promise<CreatedChat> {
      assertIdempotencyKey(input.idempotencyKey, 'createChat')
      const json: JsonBody<'createChat'> = {
        send_from: input.sendFrom,
        chat: { phone_numbers: input.phoneNumbers, display_name: input.displayName },
        message: {
          text: input.text,
          idempotency_key: input.idempotencyKey,
          attachment_urls: input.attachmentUrls,
        },
      }
      const r = await http.request({
        operationId: 'createChat',
        method: 'POST',
        path: '/chats',
        json,
        retry: true,
        signal: opts.signal,
      })
      const wire = parseWire('createChat', answers.createChat, r.body).data
      return toCreatedChat(wire, input.sendFrom, await context())
    },

    /** The chat between `phoneNumber` (ours) and exactly these participants, or null. */
    async findChat(
      phoneNumber: string,
      participants: string[],
      opts: CallOptions = {},
    ): Promise<Chat | null> {
      const r = await call('findChat', 'GET', '/chats/find', {
        query: { phone_number: phoneNumber, 'phone_numbers[]': participants },
        ...opts,
      })
      const found = parseWire('findChat', answers.findChat, r.body).data.chat
      return found ? toChat(found, await context(), phoneNumber) : null
    },

    async getChat(chatId: string, opts: CallOptions = {}): Promise<Chat> {
      const r = await call('getChat', 'GET', `/chats/${enc(chatId)}`, opts)
      const wire = parseWire('getChat', answers.getChat, r.body).data
      return toChat(wire, await context())
    },

    async markChatAsRead(chatId: string, opts: CallOptions = {}): Promise<void> {
      await call('markChatAsRead', 'PUT', `/chats/${enc(chatId)}/mark_as_read`, opts)
    },

    async startTypingIndicator(chatId: string, opts: CallOptions = {}): Promise<void> {
      await call('startTypingIndicator', 'POST', `/chats/${enc(chatId)}/start_typing`, opts)
    },

    async stopTypingIndicator(chatId: string, opts: CallOptions = {}): Promise<void> {
      await call('stopTypingIndicator', 'DELETE', `/chats/${enc(chatId)}/stop_typing`, opts)
    },

    async shareContactCard(chatId: string, opts: CallOptions = {}): Promise<void> {
      await call('shareContactCard', 'POST', `/chats/${enc(chatId)}/share_contact`, opts)
    },

    async listChatMessages(
      chatId: string,
      query: ListChatMessagesQuery = {},
      opts: CallOptions = {},
    ): Promise<Page<Message>> {
      const r = await call('listChatMessages', 'GET', `/chats/${enc(chatId)}/chat_messages`, {
        query: {
          page: query.page,
          per_page: query.perPage,
          before: query.before,
          after: query.after,
          sort: query.sort,
        },
        ...opts,
      })
      const body = parseWire('listChatMessages', answers.listChatMessages, r.body)
      const ctx = await context()
      return toPage(body.data, body.meta, (message) => toMessage(message, chatId, ctx))
    },

    /**
     * Sends text, files streamed from disk and URLs. Files are checked before anything is sent. Safe to retry
     * (here and by the caller) because the idempotency key stays the same: Linq answers a repeat with the
     * original message (`replayed`).
     */
    async sendMessage(chatId: string, input: SendInput, opts: SendOptions = {}): Promise<SendResult> {
      assertIdempotencyKey(input.idempotencyKey, 'sendMessage')
      const files = await Promise.all(
        (input.attachments ?? []).map(async (file) => ({
          ...(await checkFile(file.path, file.filename, maxAttachmentBytes, 'sendMessage')),
          mimeType: file.mimeType,
        })),
      )
      const parts: Part[] = [
        { name: 'message[text]', value: input.text },
        { name: 'message[idempotency_key]', value: input.idempotencyKey },
        ...files.map((f) => ({
          name: 'message[attachments][]',
          filename: f.filename,
          mimeType: f.mimeType || (knownMimeTypeFor(f.filename) ?? DEFAULT_MIME),
          path: f.path,
          size: f.size,
        })),
        ...(input.attachmentUrls ?? []).map((url) => ({ name: 'message[attachment_urls][]', value: url })),
      ]
      const fileBytes = files.reduce((sum, f) => sum + f.size, 0)
      const onProgress = opts.onProgress
      const progress =
        onProgress && ((sentBytes: number, totalBytes: number) => onProgress({ sentBytes, totalBytes }))
      return pacer.run(
        chatId,
        async () => {
          const r = await http.request({
            operationId: 'sendMessage',
            method: 'POST',
            path: `/chats/${enc(chatId)}/chat_messages`,
            body: () => multipartBody(parts, 'sendMessage', progress),
            retry: true,
            timeoutMs: timeoutMs + Math.ceil((fileBytes / SLOWEST_UPLOAD_BYTES_PER_SECOND) * 1000),
            signal: opts.signal,
          })
          const wire = parseWire('sendMessage', answers.message, r.body).data
          return { message: toMessage(wire, chatId, await context()), replayed: r.status === 200 }
        },
        opts.signal,
        aborted('sendMessage'),
      )
    },

    async getChatMessage(chatId: string, messageId: string, opts: CallOptions = {}): Promise<Message> {
      const r = await call(
        'getChatMessage',
        'GET',
        `/chats/${enc(chatId)}/chat_messages/${enc(messageId)}`,
        opts,
      )
      const wire = parseWire('getChatMessage', answers.message, r.body).data
      return toMessage(wire, chatId, await context())
    },

    async deleteMessage(chatId: string, messageId: string, opts: CallOptions = {}): Promise<void> {
      await call('deleteMessage', 'DELETE', `/chats/${enc(chatId)}/chat_messages/${enc(messageId)}`, opts)
    },

    /** Replaces the text of one of our messages. Not retried: a repeat could show the recipient a second edit. */
    async editMessage(
      chatId: string,
      messageId: string,
      text: string,
      opts: CallOptions = {},
    ): Promise<{ id: string; text: string }> {
      const json: JsonBody<'editMessage'> = { text }
      const r = await call(
        'editMessage',
        'POST',
        `/chats/${enc(chatId)}/chat_messages/${enc(messageId)}/edit`,
        { json, ...opts },
      )
      return parseWire('editMessage', answers.editMessage, r.body).data
    },

    async reactToMessage(
      messageId: string,
      type: ReactionType,
      operation: 'add' | 'remove',
      opts: CallOptions = {},
    ): Promise<Reaction> {
      const json: JsonBody<'reactToMessage'> = { type, operation }
      const r = await call('reactToMessage', 'POST', `/chat_messages/${enc(messageId)}/reactions`, {
        json,
        ...opts,
      })
      const reaction = toReaction(parseWire('reactToMessage', answers.reaction, r.body).data)
      if (!reaction) {
        throw new LinqApiError({
          kind: 'bad-response',
          operationId: 'reactToMessage',
          message: 'Linq answered with a reaction type the app does not know.',
        })
      }
      return reaction
    },

    /** Null when the reaction is of a type the app does not know. */
    async getChatMessageReaction(reactionId: string, opts: CallOptions = {}): Promise<Reaction | null> {
      const r = await call(
        'getChatMessageReaction',
        'GET',
        `/chat_message_reactions/${enc(reactionId)}`,
        opts,
      )
      return toReaction(parseWire('getChatMessageReaction', answers.reaction, r.body).data)
    },

    /** Linq allows about one check per 10 s. A read-only question despite the POST, so it is retried. */
    async checkIMessageAvailability(
      phoneNumber: string,
      opts: CallOptions = {},
    ): Promise<IMessageAvailability> {
      const json: JsonBody<'checkIMessageAvailability'> = { phone_number: phoneNumber }
      const r = await http.request({
        operationId: 'checkIMessageAvailability',
        method: 'POST',
        path: '/i_message_availability/check',
        json,
        retry: true,
        signal: opts.signal,
      })
      return toIMessageAvailability(
        parseWire('checkIMessageAvailability', answers.checkIMessageAvailability, r.body),
      )
    },

    async listContacts(query: PageQuery = {}, opts: CallOptions = {}): Promise<Page<Contact>> {
      const r = await call('listContacts', 'GET', '/contacts', {
        query: { page: query.page, per_page: query.perPage },
        ...opts,
      })
      return toContactsPage(parseWire('listContacts', answers.listContacts, r.body))
    },

    async createContact(input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
      const r = await call('createContact', 'POST', '/contacts', { json: contactBody(input), ...opts })
      return toContact(parseWire('createContact', answers.contact, r.body).data)
    },

    /** By email and/or phone number (either may match); null when none does. */
    async findContact(
      query: { email?: string; phoneNumber?: string },
      opts: CallOptions = {},
    ): Promise<Contact | null> {
      const r = await call('findContact', 'GET', '/contacts/find', {
        query: { email: query.email, phone_number: query.phoneNumber },
        ...opts,
      })
      const found = parseWire('findContact', answers.findContact, r.body)
      return 'contact' in found ? null : toContact(found)
    },

    async getContact(id: string, opts: CallOptions = {}): Promise<Contact> {
      const r = await call('getContact', 'GET', `/contacts/${enc(id)}`, opts)
      return toContact(parseWire('getContact', answers.contact, r.body).data)
    },

    async updateContact(id: string, input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
      const r = await call('updateContact', 'PUT', `/contacts/${enc(id)}`, {
        json: contactBody(input),
        ...opts,
      })
      return toContact(parseWire('updateContact', answers.contact, r.body).data)
    },

    async partiallyUpdateContact(id: string, input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
      const r = await call('partiallyUpdateContact', 'PATCH', `/contacts/${enc(id)}`, {
        json: contactBody(input),
        ...opts,
      })
      return toContact(parseWire('partiallyUpdateContact', answers.contact, r.body).data)
    },

    async deleteContact(id: string, opts: CallOptions = {}): Promise<void> {
      await call('deleteContact', 'DELETE', `/contacts/${enc(id)}`, opts)
    },

    async listWebhookSubscriptions(opts: CallOptions = {}): Promise<WebhookSubscription[]> {
      const r = await call('listWebhookSubscriptions', 'GET', '/webhook_subscriptions', opts)
      return parseWire(
        'listWebhookSubscriptions',
        answers.listWebhookSubscriptions,
        r.body,
      ).webhook_subscriptions.map(toWebhookSubscription)
    },

    async createWebhookSubscription(
      input: WebhookSubscriptionInput,
      opts: CallOptions = {},
    ): Promise<WebhookSubscription> {
      const r = await call('createWebhookSubscription', 'POST', '/webhook_subscriptions', {
        json: webhookBody(input),
        ...opts,
      })
      return toWebhookSubscription(
        parseWire('createWebhookSubscription', answers.webhookSubscription, r.body).webhook_subscription,
      )
    },

    async updateWebhookSubscription(
      id: string,
      input: WebhookSubscriptionInput,
      opts: CallOptions = {},
    ): Promise<WebhookSubscription> {
      const r = await call('updateWebhookSubscription', 'PUT', `/webhook_subscriptions/${enc(id)}`, {
        json: webhookBody(input),
        ...opts,
      })
      return toWebhookSubscription(
        parseWire('updateWebhookSubscription', answers.webhookSubscription, r.body).webhook_subscription,
      )
    },

    async deleteWebhookSubscription(id: string, opts: CallOptions = {}): Promise<void> {
      await call('deleteWebhookSubscription', 'DELETE', `/webhook_subscriptions/${enc(id)}`, opts)
    },

    /**
     * Pages of a chat's messages. newest-first: for opening a thread (each page newest first). oldest-first:
     * for catching up from `after` (each page oldest first). A message seen on an earlier page (pages shift
     * when messages arrive meanwhile) is not repeated.
     */
    async *iterateChatMessages(
      chatId: string,
      query: IterateMessagesOptions,
    ): AsyncGenerator<Page<Message>, void, undefined> {
      const seen = new Set<string>()
      const sort = query.order === 'newest-first' ? 'desc' : 'asc'
      for (let page = 1; ; page++) {
        const result = await client.listChatMessages(
          chatId,
          { page, perPage: query.perPage ?? 100, after: query.after, before: query.before, sort },
          { signal: query.signal },
        )
        const fresh = result.items.filter((m) => !seen.has(m.id))
        for (const m of fresh) seen.add(m.id)
        yield fresh.length === result.items.length ? result : { ...result, items: fresh }
        if (page >= result.totalPages || result.items.length === 0) return
      }
    },

    /**
     * The newest pages of many chats with at most `concurrency` requests in flight. Each chat's messages come
     * back oldest first, without duplicates. The first failure (after the usual retries) stops the backfill.
     */
    async backfillChats(chatIds: string[], query: BackfillOptions = {}): Promise<Map<string, Message[]>> {
      const pagesPerChat = Math.max(1, query.pagesPerChat ?? 1)
      const perPage = query.perPage ?? 100
      // Page-major order: every chat's first page before any second page, so short chats skip page 2.
      const tasks = Array.from({ length: pagesPerChat }, (_, i) =>
        chatIds.map((chatId) => ({ chatId, page: i + 1 })),
      ).flat()
      const pages = new Map<string, Message[][]>(chatIds.map((id) => [id, []]))
      const totalPages = new Map<string, number>()
      await forEachConcurrently(tasks, query.concurrency ?? 6, async (task) => {
        if (task.page > (totalPages.get(task.chatId) ?? Infinity)) return
        const result = await client.listChatMessages(
          task.chatId,
          { page: task.page, perPage, sort: 'desc' },
          { signal: query.signal },
        )
        totalPages.set(task.chatId, result.totalPages)
        pages.get(task.chatId)![task.page - 1] = result.items
        query.onPage?.(task.chatId, result)
      })
      return new Map(
        chatIds.map((chatId) => {
          const seen = new Set<string>()
          const messages: Message[] = []
          for (const page of pages.get(chatId) ?? []) {
            for (const m of page ?? []) {
              if (seen.has(m.id)) continue
              seen.add(m.id)
              messages.push(m)
            }
          }
          return [chatId, messages.reverse()]
        }),
      )
    },

    /**
     * Streams an attachment to `destPath` (written to a temporary file and renamed when complete). The token
     * is sent only when the URL is on the API's own origin.
     */
    async downloadAttachment(remoteUrl: string, destPath: string, opts: CallOptions = {}): Promise<void> {
      await download(remoteUrl, destPath, {
        fetch: fetchImpl,
        origin,
        token: options.token,
        idleTimeoutMs: timeoutMs,
        signal: opts.signal,
      })
    },
  }
  return client
}

export type LinqClient = ReturnType<typeof createLinqClient>
