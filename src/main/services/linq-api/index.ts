// The Linq API client of the main process. Methods are named after the OpenAPI operationIds and return the
// app's domain types (see map.ts); every call has a timeout and takes an AbortSignal; idempotent calls retry.
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { z } from 'zod'
import { LIMITS, type Chat, type Message, type PhoneNumber, type Reaction, type ReactionType } from '../../../shared/domain'
import type { components } from '../../../shared/wire/linq-v2.gen'
import type { Logger } from '../log'
import { LinqApiError } from './errors'
import { checkFile } from './files'
import { createHttp, type RetryPolicy } from './http'
import {
  parseWire,
  toChat,
  toMessage,
  toPhoneNumber,
  toReaction,
  wireChat,
  wireMessage,
  wireMeta,
  wirePhoneNumber,
  wireReaction,
  type MapContext,
} from './map'
import { multipartBody, type Part } from './multipart'

export { LinqApiError } from './errors'

export interface LinqClientOptions {
  /** API host, e.g. https://api.linqapp.com (the client adds /api/partner/v2). */
  baseUrl: string
  token: string
  fetch?: typeof fetch
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Minimum gap between sends to the same chat, so a burst does not run into the rate limit. */
  pacing?: { perChatIntervalMs?: number }
  maxAttachmentBytes?: number
  logger?: Logger
  attachmentSrc?: (attachmentId: string, remoteUrl: string) => string
  random?: () => number
}

export interface CallOptions {
  signal?: AbortSignal
}

export interface Page<T> {
  items: T[]
  page: number
  totalPages: number
  totalCount: number
  perPage: number
}

export interface SendInput {
  text: string
  idempotencyKey: string
  attachments?: { path: string; filename?: string; mimeType?: string }[]
  attachmentUrls?: string[]
}

export interface SendOptions extends CallOptions {
  onProgress?: (progress: { sentBytes: number; totalBytes: number }) => void
}

type Schemas = components['schemas']
const IDEMPOTENCY_KEY = /^[a-zA-Z0-9_-]+$/
const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic',
  pdf: 'application/pdf', mp4: 'video/mp4', mov: 'video/quicktime', txt: 'text/plain', csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', zip: 'application/zip',
}

/** A fresh idempotency key: generate once per logical message and reuse it on every retry. */
export function newIdempotencyKey(): string {
  return 'lq_' + randomUUID().replace(/-/g, '')
}

const enc = encodeURIComponent
const object = z.record(z.string(), z.unknown())

export function createLinqClient(options: LinqClientOptions) {
  const maxAttachmentBytes = options.maxAttachmentBytes ?? LIMITS.maxAttachmentBytes
  const timeoutMs = options.timeoutMs ?? 30_000
  const origin = new URL(options.baseUrl).origin
  options.logger?.addSecret(options.token)
  const http = createHttp({
    baseUrl: origin,
    token: options.token,
    fetch: options.fetch ?? fetch,
    timeoutMs,
    retry: { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 30_000, ...options.retry },
    random: options.random ?? Math.random,
  })
  const perChatIntervalMs = options.pacing?.perChatIntervalMs ?? 250
  const sendQueues = new Map<string, Promise<unknown>>()
  let ownNumbers: Promise<Set<string>> | null = null

  const context = async (): Promise<MapContext> => ({
    ownNumbers: await (ownNumbers ??= client.listPhoneNumbers().then((numbers) => new Set(numbers.map((n) => n.number)))),
    attachmentSrc: options.attachmentSrc ?? ((_id, url) => url),
  })
  const page = <T>(operationId: string, body: unknown, map: (item: unknown) => T): Page<T> => {
    const parsed = parseWire(operationId, z.object({ data: z.array(z.unknown()), meta: wireMeta }), body)
    return {
      items: parsed.data.map(map),
      page: parsed.meta.page,
      totalPages: parsed.meta.total_pages,
      totalCount: parsed.meta.total_count,
      perPage: parsed.meta.per_page,
    }
  }
  const data = <S extends z.ZodType>(operationId: string, schema: S, body: unknown): z.output<S> => {
    const wrapped = parseWire(operationId, z.object({ data: z.unknown() }), body)
    return parseWire(operationId, schema, wrapped.data)
  }
  /** Sends to one chat start in order and at least perChatIntervalMs apart. */
  const paced = <T>(chatId: string, task: () => Promise<T>): Promise<T> => {
    const previous = sendQueues.get(chatId) ?? Promise.resolve()
    const run = previous.then(async () => {
      try {
        return await task()
      } finally {
        if (perChatIntervalMs > 0) await new Promise((r) => setTimeout(r, perChatIntervalMs))
      }
    })
    const tail = run.catch(() => undefined)
    sendQueues.set(chatId, tail)
    void tail.then(() => {
      if (sendQueues.get(chatId) === tail) sendQueues.delete(chatId)
    })
    return run
  }

  const client = {
    async listPhoneNumbers(call: CallOptions = {}): Promise<PhoneNumber[]> {
      const r = await http.request({ operationId: 'listPhoneNumbers', method: 'GET', path: '/phone_numbers', idempotent: true, ...call })
      const numbers = parseWire('listPhoneNumbers', z.object({ phone_numbers: z.array(wirePhoneNumber) }), r.body).phone_numbers.map(toPhoneNumber)
      ownNumbers = Promise.resolve(new Set(numbers.map((n) => n.number)))
      return numbers
    },
    async updatePhoneNumber(id: string, forwardingNumber: string | null, call: CallOptions = {}): Promise<PhoneNumber> {
      const r = await http.request({ operationId: 'updatePhoneNumber', method: 'PUT', path: `/phone_numbers/${enc(id)}`, json: { forwarding_number: forwardingNumber ?? '' }, idempotent: true, ...call })
      return toPhoneNumber(parseWire('updatePhoneNumber', wirePhoneNumber, r.body))
    },
    async listChats(phoneNumber: string, query: { page?: number; perPage?: number } = {}, call: CallOptions = {}): Promise<Page<Chat>> {
      const r = await http.request({ operationId: 'listChats', method: 'GET', path: '/chats', query: { phone_number: phoneNumber, page: query.page, per_page: query.perPage }, idempotent: true, ...call })
      const ctx = await context()
      return page('listChats', r.body, (item) => toChat(parseWire('listChats', wireChat, item), ctx, phoneNumber))
    },
    async createChat(input: { sendFrom: string; phoneNumbers: string[]; displayName?: string; text: string; idempotencyKey: string; attachmentUrls?: string[] }, call: CallOptions = {}): Promise<{ chat: Chat; firstMessageId: string }> {
      const r = await http.request({
        operationId: 'createChat',
        method: 'POST',
        path: '/chats',
        json: {
          send_from: input.sendFrom,
          chat: { phone_numbers: input.phoneNumbers, display_name: input.displayName },
          message: { text: input.text, idempotency_key: input.idempotencyKey, attachment_urls: input.attachmentUrls },
        },
        idempotent: IDEMPOTENCY_KEY.test(input.idempotencyKey),
        ...call,
      })
      const wire = data('createChat', wireChat.extend({ chat_messages: z.object({ id: z.union([z.number(), z.string()]).transform(String) }) }), r.body)
      return { chat: toChat(wire, await context(), input.sendFrom), firstMessageId: wire.chat_messages.id }
    },
    async findChat(phoneNumber: string, participants: string[], call: CallOptions = {}): Promise<Chat | null> {
      const r = await http.request({ operationId: 'findChat', method: 'GET', path: '/chats/find', query: { phone_number: phoneNumber, 'phone_numbers[]': participants }, idempotent: true, ...call })
      const found = data('findChat', z.object({ chat: wireChat.nullable() }), r.body)
      return found.chat ? toChat(found.chat, await context(), phoneNumber) : null
    },
    async getChat(chatId: string, call: CallOptions = {}): Promise<Chat> {
      const r = await http.request({ operationId: 'getChat', method: 'GET', path: `/chats/${enc(chatId)}`, idempotent: true, ...call })
      return toChat(data('getChat', wireChat, r.body), await context())
    },
    async markChatAsRead(chatId: string, call: CallOptions = {}): Promise<void> {
      await http.request({ operationId: 'markChatAsRead', method: 'PUT', path: `/chats/${enc(chatId)}/mark_as_read`, idempotent: true, ...call })
    },
    async startTypingIndicator(chatId: string, call: CallOptions = {}): Promise<void> {
      await http.request({ operationId: 'startTypingIndicator', method: 'POST', path: `/chats/${enc(chatId)}/start_typing`, idempotent: true, ...call })
    },
    async stopTypingIndicator(chatId: string, call: CallOptions = {}): Promise<void> {
      await http.request({ operationId: 'stopTypingIndicator', method: 'DELETE', path: `/chats/${enc(chatId)}/stop_typing`, idempotent: true, ...call })
    },
    async shareContactCard(chatId: string, call: CallOptions = {}): Promise<void> {
      await http.request({ operationId: 'shareContactCard', method: 'POST', path: `/chats/${enc(chatId)}/share_contact`, idempotent: false, ...call })
    },
    async listChatMessages(chatId: string, query: { page?: number; perPage?: number; before?: string; after?: string; sort?: 'asc' | 'desc' } = {}, call: CallOptions = {}): Promise<Page<Message>> {
      const r = await http.request({
        operationId: 'listChatMessages',
        method: 'GET',
        path: `/chats/${enc(chatId)}/chat_messages`,
        query: { page: query.page, per_page: query.perPage, before: query.before, after: query.after, sort: query.sort },
        idempotent: true,
        ...call,
      })
      const ctx = await context()
      return page('listChatMessages', r.body, (item) => toMessage(parseWire('listChatMessages', wireMessage, item), chatId, ctx))
    },
    /** Sends text and files; safe to retry because the idempotency key stays the same. */
    async sendMessage(chatId: string, input: SendInput, call: SendOptions = {}): Promise<{ message: Message; replayed: boolean }> {
      if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
        throw new LinqApiError({ kind: 'invalid-file', operationId: 'sendMessage', message: 'Invalid idempotency key.' })
      }
      const files = await Promise.all((input.attachments ?? []).map((f) => checkFile(f.path, f.filename, maxAttachmentBytes, 'sendMessage')))
      const mimeOf = (name: string, given?: string) => given || MIME_BY_EXTENSION[name.split('.').pop()?.toLowerCase() ?? ''] || 'application/octet-stream'
      const parts: Part[] = [
        { name: 'message[text]', value: input.text },
        { name: 'message[idempotency_key]', value: input.idempotencyKey },
        ...files.map((f, i) => ({ name: 'message[attachments][]', filename: f.filename, mimeType: mimeOf(f.filename, input.attachments?.[i]?.mimeType), path: f.path, size: f.size })),
        ...(input.attachmentUrls ?? []).map((url) => ({ name: 'message[attachment_urls][]', value: url })),
      ]
      const bytes = files.reduce((sum, f) => sum + f.size, 0)
      return paced(chatId, async () => {
        const r = await http.request({
          operationId: 'sendMessage',
          method: 'POST',
          path: `/chats/${enc(chatId)}/chat_messages`,
          body: async () => multipartBody(parts, (sentBytes, totalBytes) => call.onProgress?.({ sentBytes, totalBytes })),
          idempotent: true,
          // Uploads get extra time in proportion to their size (at least ~1 MB/s).
          timeoutMs: timeoutMs + Math.ceil(bytes / 1_000_000) * 1000,
          signal: call.signal,
        })
        return { message: toMessage(data('sendMessage', wireMessage, r.body), chatId, await context()), replayed: r.status === 200 }
      })
    },
    async getChatMessage(chatId: string, messageId: string, call: CallOptions = {}): Promise<Message> {
      const r = await http.request({ operationId: 'getChatMessage', method: 'GET', path: `/chats/${enc(chatId)}/chat_messages/${enc(messageId)}`, idempotent: true, ...call })
      return toMessage(data('getChatMessage', wireMessage, r.body), chatId, await context())
    },
    async deleteMessage(chatId: string, messageId: string, call: CallOptions = {}): Promise<void> {
      await http.request({ operationId: 'deleteMessage', method: 'DELETE', path: `/chats/${enc(chatId)}/chat_messages/${enc(messageId)}`, idempotent: true, ...call })
    },
    async editMessage(chatId: string, messageId: string, text: string, call: CallOptions = {}): Promise<{ id: string; text: string }> {
      // Setting the same text twice is harmless, so an edit may be retried.
      const r = await http.request({ operationId: 'editMessage', method: 'POST', path: `/chats/${enc(chatId)}/chat_messages/${enc(messageId)}/edit`, json: { text }, idempotent: true, ...call })
      return data('editMessage', z.object({ id: z.union([z.number(), z.string()]).transform(String), text: z.string() }), r.body)
    },
    async reactToMessage(messageId: string, type: ReactionType, operation: 'add' | 'remove', call: CallOptions = {}): Promise<Reaction> {
      // add/remove are idempotent on Linq's side (one tapback of a type per sender).
      const r = await http.request({ operationId: 'reactToMessage', method: 'POST', path: `/chat_messages/${enc(messageId)}/reactions`, json: { type, operation }, idempotent: true, ...call })
      const reaction = toReaction(data('reactToMessage', wireReaction, r.body))
      if (!reaction) throw new LinqApiError({ kind: 'bad-response', operationId: 'reactToMessage', message: 'Linq answered with an unknown reaction type.' })
      return reaction
    },
    async getChatMessageReaction(reactionId: string, call: CallOptions = {}): Promise<Reaction | null> {
      const r = await http.request({ operationId: 'getChatMessageReaction', method: 'GET', path: `/chat_message_reactions/${enc(reactionId)}`, idempotent: true, ...call })
      return toReaction(data('getChatMessageReaction', wireReaction, r.body))
    },
    async checkIMessageAvailability(phoneNumber: string, call: CallOptions = {}): Promise<{ available: boolean; phoneNumber: string }> {
      const r = await http.request({ operationId: 'checkIMessageAvailability', method: 'POST', path: '/i_message_availability/check', json: { phone_number: phoneNumber }, idempotent: true, ...call })
      const body = parseWire('checkIMessageAvailability', z.object({ available: z.boolean(), phone_number: z.string() }), r.body)
      return { available: body.available, phoneNumber: body.phone_number }
    },
    // Contacts and webhook subscriptions are not used by the app yet; they pass Linq's shapes through.
    async listContacts(query: { page?: number; perPage?: number } = {}, call: CallOptions = {}) {
      const r = await http.request({ operationId: 'listContacts', method: 'GET', path: '/contacts', query: { page: query.page, per_page: query.perPage }, idempotent: true, ...call })
      return parseWire('listContacts', z.object({ contacts: z.array(object), pagination: object }), r.body) as { contacts: Schemas['Contact'][]; pagination: Schemas['ContactsPagination'] }
    },
    async createContact(input: Schemas['ContactInput'], call: CallOptions = {}) {
      const r = await http.request({ operationId: 'createContact', method: 'POST', path: '/contacts', json: input, idempotent: false, ...call })
      return data('createContact', object, r.body) as Schemas['Contact']
    },
    async findContact(query: { email?: string; phoneNumber?: string }, call: CallOptions = {}) {
      const r = await http.request({ operationId: 'findContact', method: 'GET', path: '/contacts/find', query: { email: query.email, phone_number: query.phoneNumber }, idempotent: true, ...call })
      const body = parseWire('findContact', object, r.body)
      return ('contact' in body && body.contact === null ? null : body) as Schemas['Contact'] | null
    },
    async getContact(id: string, call: CallOptions = {}) {
      const r = await http.request({ operationId: 'getContact', method: 'GET', path: `/contacts/${enc(id)}`, idempotent: true, ...call })
      return data('getContact', object, r.body) as Schemas['Contact']
    },
    async updateContact(id: string, input: Schemas['ContactInput'], call: CallOptions = {}) {
      const r = await http.request({ operationId: 'updateContact', method: 'PUT', path: `/contacts/${enc(id)}`, json: input, idempotent: true, ...call })
      return data('updateContact', object, r.body) as Schemas['Contact']
    },
    async partiallyUpdateContact(id: string, input: Schemas['ContactInput'], call: CallOptions = {}) {
      const r = await http.request({ operationId: 'partiallyUpdateContact', method: 'PATCH', path: `/contacts/${enc(id)}`, json: input, idempotent: true, ...call })
      return data('partiallyUpdateContact', object, r.body) as Schemas['Contact']
    },
    async deleteContact(id: string, call: CallOptions = {}): Promise<void> {
      await http.request({ operationId: 'deleteContact', method: 'DELETE', path: `/contacts/${enc(id)}`, idempotent: true, ...call })
    },
    async listWebhookSubscriptions(call: CallOptions = {}) {
      const r = await http.request({ operationId: 'listWebhookSubscriptions', method: 'GET', path: '/webhook_subscriptions', idempotent: true, ...call })
      return parseWire('listWebhookSubscriptions', z.object({ webhook_subscriptions: z.array(object) }), r.body).webhook_subscriptions as Schemas['WebhookSubscription'][]
    },
    async createWebhookSubscription(input: Schemas['WebhookSubscriptionInput'], call: CallOptions = {}) {
      const r = await http.request({ operationId: 'createWebhookSubscription', method: 'POST', path: '/webhook_subscriptions', json: { webhook_subscription: input }, idempotent: false, ...call })
      return parseWire('createWebhookSubscription', z.object({ webhook_subscription: object }), r.body).webhook_subscription as Schemas['WebhookSubscription']
    },
    async updateWebhookSubscription(id: string, input: Schemas['WebhookSubscriptionInput'], call: CallOptions = {}) {
      const r = await http.request({ operationId: 'updateWebhookSubscription', method: 'PUT', path: `/webhook_subscriptions/${enc(id)}`, json: { webhook_subscription: input }, idempotent: true, ...call })
      return parseWire('updateWebhookSubscription', z.object({ webhook_subscription: object }), r.body).webhook_subscription as Schemas['WebhookSubscription']
    },
    async deleteWebhookSubscription(id: string, call: CallOptions = {}): Promise<void> {
      await http.request({ operationId: 'deleteWebhookSubscription', method: 'DELETE', path: `/webhook_subscriptions/${enc(id)}`, idempotent: true, ...call })
    },

    /** Pages of a chat's messages: newest-first (opening a thread) or oldest-first from `after` (catching up). */
    async *iterateChatMessages(chatId: string, query: { order: 'newest-first' | 'oldest-first'; after?: string; before?: string; perPage?: number; signal?: AbortSignal }): AsyncGenerator<Page<Message>> {
      for (let n = 1; ; n++) {
        const result = await client.listChatMessages(
          chatId,
          { page: n, perPage: query.perPage ?? 100, after: query.after, before: query.before, sort: query.order === 'newest-first' ? 'desc' : 'asc' },
          { signal: query.signal },
        )
        yield result
        if (n >= result.totalPages || result.items.length === 0) return
      }
    },
    /** The newest pages of many chats, fetched with bounded concurrency. Messages come back oldest first. */
    async backfillChats(chatIds: string[], query: { pagesPerChat?: number; perPage?: number; concurrency?: number; onPage?: (chatId: string, page: Page<Message>) => void; signal?: AbortSignal } = {}): Promise<Map<string, Message[]>> {
      const pagesPerChat = query.pagesPerChat ?? 1
      const tasks = chatIds.flatMap((chatId) => Array.from({ length: pagesPerChat }, (_, i) => ({ chatId, page: i + 1 })))
      const pages = new Map<string, Message[][]>()
      const exhausted = new Set<string>()
      let next = 0
      const worker = async () => {
        while (next < tasks.length) {
          const task = tasks[next++]!
          if (exhausted.has(task.chatId)) continue
          const result = await client.listChatMessages(task.chatId, { page: task.page, perPage: query.perPage ?? 100, sort: 'desc' }, { signal: query.signal })
          if (task.page >= result.totalPages) exhausted.add(task.chatId)
          const list = pages.get(task.chatId) ?? []
          list[task.page - 1] = result.items
          pages.set(task.chatId, list)
          query.onPage?.(task.chatId, result)
        }
      }
      await Promise.all(Array.from({ length: Math.max(1, Math.min(query.concurrency ?? 6, tasks.length)) }, worker))
      return new Map(chatIds.map((chatId) => [chatId, (pages.get(chatId) ?? []).flat().reverse()]))
    },
    /** Streams an attachment to disk (atomically). The token is sent only to the API's own origin. */
    async downloadAttachment(remoteUrl: string, destPath: string, call: CallOptions = {}): Promise<void> {
      const url = new URL(remoteUrl)
      const headers: Record<string, string> = url.origin === origin ? { 'X-LINQ-INTEGRATION-TOKEN': options.token } : {}
      const signal = call.signal ? AbortSignal.any([call.signal, AbortSignal.timeout(timeoutMs * 4)]) : AbortSignal.timeout(timeoutMs * 4)
      const fail = (kind: 'network' | 'http', message: string, status?: number) => new LinqApiError({ kind, operationId: 'downloadAttachment', message, status })
      let response: Response
      try {
        response = await (options.fetch ?? fetch)(url, { headers, signal })
      } catch {
        throw fail('network', 'Could not download the attachment.')
      }
      if (!response.ok || !response.body) throw fail('http', `Downloading the attachment failed (${response.status}).`, response.status)
      const partial = `${destPath}.${randomUUID()}.part`
      try {
        await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), createWriteStream(partial))
        await rename(partial, destPath)
      } catch {
        await unlink(partial).catch(() => undefined)
        throw fail('network', 'The attachment download was interrupted.')
      }
    },
  }
  return client
}

export type LinqClient = ReturnType<typeof createLinqClient>
