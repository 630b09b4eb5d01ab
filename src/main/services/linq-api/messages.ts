// A chat's messages: a page, one message, sending (files streamed from disk, paced per chat), editing,
// deleting, and reactions.
import type { Message, Reaction, ReactionType } from '../../../shared/domain'
import { DEFAULT_MIME, knownMimeTypeFor } from '../../../shared/mime'
import { assertIdempotencyKey, enc, type ClientContext, type JsonBody } from './client-context'
import { LinqApiError } from './errors'
import { checkFile } from './files'
import { answers, parseWire, toMessage, toPage, toReaction } from './map'
import { multipartBody, type Part } from './multipart'
import type { CallOptions, ListChatMessagesQuery, Page, SendInput, SendOptions, SendResult } from './types'

/** Uploads are allowed this throughput at worst before they time out. */
const SLOWEST_UPLOAD_BYTES_PER_SECOND = 250_000

/** Text, files streamed from disk and URLs as the multipart parts of a send; files are checked first. */
async function sendParts(
  input: SendInput,
  maxAttachmentBytes: number,
): Promise<{ parts: Part[]; fileBytes: number }> {
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
  return { parts, fileBytes: files.reduce((sum, f) => sum + f.size, 0) }
}

export function messageOperations(ctx: ClientContext) {
  const { call } = ctx
  const messagePath = (chatId: string, messageId: string) =>
    `/chats/${enc(chatId)}/chat_messages/${enc(messageId)}`
  const getChatMessages = async (chatId: string, query: ListChatMessagesQuery, opts: CallOptions) => {
    const { page, perPage, before, after, sort } = query
    const r = await call('listChatMessages', 'GET', `/chats/${enc(chatId)}/chat_messages`, {
      query: { page, per_page: perPage, before, after, sort },
      ...opts,
    })
    return r.body
  }
  async function listChatMessagesAnswer(
    chatId: string,
    query: ListChatMessagesQuery = {},
    opts: CallOptions = {},
  ): Promise<unknown> {
    const body = await getChatMessages(chatId, query, opts)
    parseWire('listChatMessages', answers.listChatMessages, body)
    return body
  }
  async function readChatMessages(chatId: string, answer: unknown): Promise<Page<Message>> {
    const body = parseWire('listChatMessages', answers.listChatMessages, answer)
    const mapping = await ctx.context()
    return toPage(body.data, body.meta, (message) => toMessage(message, chatId, mapping))
  }
  return {
    async listChatMessages(
      chatId: string,
      query: ListChatMessagesQuery = {},
      opts: CallOptions = {},
    ): Promise<Page<Message>> {
      return readChatMessages(chatId, await getChatMessages(chatId, query, opts))
    },

    /**
     * The same request, answered with Linq's JSON as it came (checked first): the team relay fetches once per
     * event and shares this answer, and each desktop reads it with readChatMessages as if it had asked.
     */
    listChatMessagesAnswer,

    /** A listChatMessages answer (from Linq, or shared by the relay) as a page; bad-response when malformed. */
    readChatMessages,

    /**
     * Sends text, files streamed from disk and URLs. Files are checked before anything is sent. Safe to retry
     * (here and by the caller) because the idempotency key stays the same: Linq answers a repeat with the
     * original message (`replayed`).
     */
    async sendMessage(chatId: string, input: SendInput, opts: SendOptions = {}): Promise<SendResult> {
      assertIdempotencyKey(input.idempotencyKey, 'sendMessage')
      const { parts, fileBytes } = await sendParts(input, ctx.maxAttachmentBytes)
      const onProgress = opts.onProgress
      const progress =
        onProgress && ((sentBytes: number, totalBytes: number) => onProgress({ sentBytes, totalBytes }))
      const send = async () => {
        const r = await ctx.http.request({
          operationId: 'sendMessage',
          method: 'POST',
          path: `/chats/${enc(chatId)}/chat_messages`,
          body: () => multipartBody(parts, 'sendMessage', progress),
          retry: true,
          timeoutMs: ctx.timeoutMs + Math.ceil((fileBytes / SLOWEST_UPLOAD_BYTES_PER_SECOND) * 1000),
          signal: opts.signal,
        })
        const wire = parseWire('sendMessage', answers.message, r.body).data
        return { message: toMessage(wire, chatId, await ctx.context()), replayed: r.status === 200 }
      }
      return ctx.pacer.run(chatId, send, opts.signal, ctx.aborted('sendMessage'))
    },

    async getChatMessage(chatId: string, messageId: string, opts: CallOptions = {}): Promise<Message> {
      const r = await call('getChatMessage', 'GET', messagePath(chatId, messageId), opts)
      const wire = parseWire('getChatMessage', answers.message, r.body).data
      return toMessage(wire, chatId, await ctx.context())
    },

    async deleteMessage(chatId: string, messageId: string, opts: CallOptions = {}): Promise<void> {
      await call('deleteMessage', 'DELETE', messagePath(chatId, messageId), opts)
    },

    /** Replaces the text of one of our messages. Not retried: a repeat could show the recipient a second edit. */
    async editMessage(
      chatId: string,
      messageId: string,
      text: string,
      opts: CallOptions = {},
    ): Promise<{ id: string; text: string }> {
      const json: JsonBody<'editMessage'> = { text }
      const r = await call('editMessage', 'POST', `${messagePath(chatId, messageId)}/edit`, { json, ...opts })
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
  }
}
