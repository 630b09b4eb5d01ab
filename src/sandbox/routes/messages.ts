// A chat's messages: a page of them (before / after / sort), sending one (multipart, files and URLs,
// replayed under its idempotency key), reading, deleting and editing one.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import { timeRange, type ChatRecord, type SandboxState } from '../state'
import type { WireAttachment, WireChatMessage } from '../types'
import { discardUploads, invalidParts, mimeFor, readMessageParts, type MessageParts } from './message-parts'
import { API, body, chatOr404, intParam, meta, paging } from './params'

/** A message from our number in `record`, stamped after the chat's newest. */
export function outboundMessage(
  ctx: SandboxContext,
  record: ChatRecord,
  text: string,
  attachments: WireChatMessage['attachments'],
): WireChatMessage {
  const sentAt = Math.max(ctx.now(), (record.times[record.times.length - 1] ?? 0) + 1)
  return {
    id: ctx.state.nextId('message'),
    text,
    sent_at: new Date(sentAt).toISOString(),
    delivered_at: null,
    delivery_status: 'pending',
    edited_at: null,
    is_read: false,
    sent_from: record.ownNumber,
    chat_handle_id: record.ownHandleId,
    attachments,
    reactions: [],
  }
}

/** The message a path names in the chat it names, or null after answering 404. */
function messageIn(state: SandboxState, params: unknown, reply: FastifyReply) {
  const p = params as Record<string, unknown>
  const chatId = intParam(p.chat_id)
  const messageId = intParam(p.id)
  const found = messageId === null ? null : state.findMessage(messageId)
  if (chatId === null || !state.chats.has(chatId)) {
    sendError(reply, 404, 'Chat not found.')
    return null
  }
  if (!found || found.record.chat.id !== chatId) {
    sendError(reply, 404, 'Message not found.')
    return null
  }
  return found
}

/** One page of a chat's messages between `after` and `before`, oldest or newest first. */
function messagePage(
  record: ChatRecord,
  query: Record<string, unknown>,
  paged: { page: number; perPage: number },
) {
  const bound = (name: 'before' | 'after'): number | undefined | null => {
    const value = query[name]
    if (value === undefined) return undefined
    const time = typeof value === 'string' ? Date.parse(value) : NaN
    return Number.isNaN(time) ? null : time
  }
  const before = bound('before')
  const after = bound('after')
  if (before === null || after === null) return 'before and after must be ISO 8601 times.'
  const sort = query.sort ?? 'asc'
  if (sort !== 'asc' && sort !== 'desc') return 'sort must be asc or desc.'
  const [lo, hi] = timeRange(record.times, after, before)
  const skip = (paged.page - 1) * paged.perPage
  const data =
    sort === 'asc'
      ? record.messages.slice(Math.min(hi, lo + skip), Math.min(hi, lo + skip + paged.perPage))
      : record.messages.slice(Math.max(lo, hi - skip - paged.perPage), Math.max(lo, hi - skip)).reverse()
  return { data, meta: meta(paged.page, paged.perPage, hi - lo) }
}

/** The sent message's attachments: the uploads (now served by the sandbox) and the URLs as given. */
function attachmentsOf(ctx: SandboxContext, parts: MessageParts): WireAttachment[] {
  const attachments: WireAttachment[] = parts.uploads.map((blob) => {
    ctx.state.media.set(blob.id, blob)
    return ctx.state.attachment(blob, ctx.baseUrl())
  })
  for (const url of parts.urls) {
    const filename = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'attachment')
    attachments.push({ id: randomUUID(), url, filename, mime_type: mimeFor(filename), file_size: 0 })
  }
  return attachments
}

export function registerMessageRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx
  app.get(
    `${API}/chats/:chat_id/chat_messages`,
    { config: { operationId: 'listChatMessages' } },
    async (request, reply) => {
      const record = chatOr404(state, request.params, reply)
      if (!record) return reply
      const query = request.query as Record<string, unknown>
      const paged = paging(query, reply)
      if (!paged) return reply
      const page = messagePage(record, query, paged)
      return typeof page === 'string' ? sendError(reply, 400, page) : page
    },
  )

  app.post(
    `${API}/chats/:chat_id/chat_messages`,
    { config: { operationId: 'sendMessage' } },
    async (request, reply) => {
      const record = chatOr404(state, request.params, reply)
      if (!record) return reply
      if (!request.isMultipart())
        return sendError(reply, 422, 'Send the message as multipart/form-data (message[text], …).')
      const parts = await readMessageParts(request, ctx.uploadDir)
      if ('error' in parts) return sendError(reply, parts.status, parts.error)
      const invalid = invalidParts(parts)
      const replayed = parts.key === undefined ? undefined : state.idempotency.get(parts.key)
      const found = replayed === undefined ? null : state.findMessage(replayed)
      if (invalid || found) await discardUploads(parts.uploads)
      if (invalid) return sendError(reply, 422, invalid)
      if (found) return reply.code(200).send({ data: found.message })
      const message = outboundMessage(ctx, record, parts.text!, attachmentsOf(ctx, parts))
      if (parts.key !== undefined) state.idempotency.set(parts.key, message.id)
      state.addMessage(record.chat.id, message)
      ctx.onOutbound(record.chat.id, message)
      return reply.code(201).send({ data: message })
    },
  )

  app.get(
    `${API}/chats/:chat_id/chat_messages/:id`,
    { config: { operationId: 'getChatMessage' } },
    async (request, reply) => {
      const found = messageIn(state, request.params, reply)
      return found ? { data: found.message } : reply
    },
  )

  app.delete(
    `${API}/chats/:chat_id/chat_messages/:id`,
    { config: { operationId: 'deleteMessage' } },
    async (request, reply) => {
      const found = messageIn(state, request.params, reply)
      if (!found) return reply
      state.removeMessage(found.message.id)
      return { message: 'Message deleted successfully' }
    },
  )

  app.post(
    `${API}/chats/:chat_id/chat_messages/:id/edit`,
    { config: { operationId: 'editMessage' } },
    async (request, reply) => {
      const found = messageIn(state, request.params, reply)
      if (!found) return reply
      const { text } = body(request)
      if (typeof text !== 'string' || text.trim() === '') return sendError(reply, 422, 'text is required.')
      if (found.message.sent_from !== found.record.ownNumber) {
        return sendError(reply, 422, 'Only messages sent from your Linq number can be edited.')
      }
      found.message.text = text
      found.message.edited_at = new Date(ctx.now()).toISOString()
      return { message: 'Message edited successfully', data: { id: found.message.id, text } }
    },
  )
}
