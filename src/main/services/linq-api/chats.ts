// Chats: listing, finding, creating (with the first message), reading, and what one can do to a chat as a
// whole (mark read, typing, share the contact card).
import type { Chat } from '../../../shared/domain'
import { assertIdempotencyKey, enc, type ClientContext, type JsonBody } from './client-context'
import { answers, parseWire, toChat, toCreatedChat, toPage } from './map'
import type { CallOptions, CreateChatInput, CreatedChat, Page, PageQuery } from './types'

export function chatOperations(ctx: ClientContext) {
  const { call } = ctx
  return {
    /** Chats of one of the organization's numbers, one page. */
    async listChats(phoneNumber: string, query: PageQuery = {}, opts: CallOptions = {}): Promise<Page<Chat>> {
      const r = await call('listChats', 'GET', '/chats', {
        query: { phone_number: phoneNumber, page: query.page, per_page: query.perPage },
        ...opts,
      })
      const body = parseWire('listChats', answers.listChats, r.body)
      const mapping = await ctx.context()
      return toPage(body.data, body.meta, (chat) => toChat(chat, mapping, phoneNumber))
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
      const r = await ctx.http.request({
        operationId: 'createChat',
        method: 'POST',
        path: '/chats',
        json,
        retry: true,
        signal: opts.signal,
      })
      const wire = parseWire('createChat', answers.createChat, r.body).data
      return toCreatedChat(wire, input.sendFrom, await ctx.context())
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
      return found ? toChat(found, await ctx.context(), phoneNumber) : null
    },

    async getChat(chatId: string, opts: CallOptions = {}): Promise<Chat> {
      const r = await call('getChat', 'GET', `/chats/${enc(chatId)}`, opts)
      return toChat(parseWire('getChat', answers.getChat, r.body).data, await ctx.context())
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
  }
}
