import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import type { MediaBlob } from '../state'
import { DEFAULT_MIME, knownMimeTypeFor } from '../../shared/mime'
import { REACTION_TYPES, type ReactionType, type WireAttachment, type WireReaction } from '../types'
import { reactionData } from '../webhook-payloads'
import { outboundMessage } from './chats'
import { API, body, intParam } from './common'

const IDEMPOTENCY_KEY = /^[a-zA-Z0-9_-]+$/

export function mimeFor(filename: string, declared?: string): string {
  if (declared && declared !== 'application/octet-stream') return declared
  return knownMimeTypeFor(filename) ?? declared ?? DEFAULT_MIME
}

export function registerMessageRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx

  const messageIn = (params: unknown, reply: FastifyReply) => {
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

  app.post(
    `${API}/chats/:chat_id/chat_messages`,
    { config: { operationId: 'sendMessage' } },
    async (request, reply) => {
      const chatId = intParam((request.params as Record<string, unknown>).chat_id)
      const record = chatId === null ? undefined : state.chats.get(chatId)
      if (!record) return sendError(reply, 404, 'Chat not found.')
      if (!request.isMultipart())
        return sendError(reply, 422, 'Send the message as multipart/form-data (message[text], …).')

      let text: string | undefined
      let key: string | undefined
      const urls: string[] = []
      const uploads: MediaBlob[] = []
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'message[attachments][]') {
              part.file.resume()
              continue
            }
            const id = randomUUID()
            const path = join(ctx.uploadDir, id)
            await pipeline(part.file, createWriteStream(path))
            if (part.file.truncated) {
              await unlink(path).catch(() => undefined)
              return sendError(reply, 413, `${part.filename} is larger than the sandbox accepts.`)
            }
            const filename = part.filename || 'attachment'
            uploads.push({
              id,
              filename,
              mimeType: mimeFor(filename, part.mimetype),
              size: (await stat(path)).size,
              path,
            })
          } else {
            const value = typeof part.value === 'string' ? part.value : String(part.value)
            if (part.fieldname === 'message[text]') text = value
            else if (part.fieldname === 'message[idempotency_key]') key = value
            else if (part.fieldname === 'message[attachment_urls][]') urls.push(value)
          }
        }
      } catch (error) {
        await Promise.all(uploads.map((u) => unlink(u.path!).catch(() => undefined)))
        const code = (error as { code?: string }).code
        if (code === 'FST_REQ_FILE_TOO_LARGE')
          return sendError(reply, 413, 'An attachment is larger than the sandbox accepts.')
        return sendError(reply, 400, 'The multipart body could not be read.')
      }

      const discardUploads = () => Promise.all(uploads.map((u) => unlink(u.path!).catch(() => undefined)))
      if (text === undefined) {
        await discardUploads()
        return sendError(reply, 422, 'message[text] is required.')
      }
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        await discardUploads()
        return sendError(reply, 422, 'message[idempotency_key] may contain only letters, digits, - and _.')
      }
      for (const url of urls) {
        const parsed = URL.canParse(url) ? new URL(url) : null
        if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
          await discardUploads()
          return sendError(
            reply,
            422,
            `message[attachment_urls][] must be http(s) URLs: ${url.slice(0, 100)}`,
          )
        }
      }
      if (key !== undefined) {
        const existing = state.idempotency.get(key)
        const found = existing === undefined ? null : state.findMessage(existing)
        if (found) {
          await discardUploads()
          return reply.code(200).send({ data: found.message })
        }
      }
      const attachments: WireAttachment[] = uploads.map((blob) => {
        state.media.set(blob.id, blob)
        return state.attachment(blob, ctx.baseUrl())
      })
      for (const url of urls) {
        const filename = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'attachment')
        attachments.push({ id: randomUUID(), url, filename, mime_type: mimeFor(filename), file_size: 0 })
      }
      const message = outboundMessage(ctx, record, text, attachments)
      if (key !== undefined) state.idempotency.set(key, message.id)
      state.addMessage(record.chat.id, message)
      ctx.onOutbound(record.chat.id, message)
      return reply.code(201).send({ data: message })
    },
  )

  app.get(
    `${API}/chats/:chat_id/chat_messages/:id`,
    { config: { operationId: 'getChatMessage' } },
    async (request, reply) => {
      const found = messageIn(request.params, reply)
      return found ? { data: found.message } : reply
    },
  )

  app.delete(
    `${API}/chats/:chat_id/chat_messages/:id`,
    { config: { operationId: 'deleteMessage' } },
    async (request, reply) => {
      const found = messageIn(request.params, reply)
      if (!found) return reply
      state.removeMessage(found.message.id)
      return { message: 'Message deleted successfully' }
    },
  )

  app.post(
    `${API}/chats/:chat_id/chat_messages/:id/edit`,
    { config: { operationId: 'editMessage' } },
    async (request, reply) => {
      const found = messageIn(request.params, reply)
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

  app.post(
    `${API}/chat_messages/:chat_message_id/reactions`,
    { config: { operationId: 'reactToMessage' } },
    async (request, reply) => {
      const messageId = intParam((request.params as Record<string, unknown>).chat_message_id)
      const found = messageId === null ? null : state.findMessage(messageId)
      if (!found) return sendError(reply, 404, 'Message not found.')
      const { type, operation } = body(request)
      if (typeof type !== 'string' || !(REACTION_TYPES as readonly string[]).includes(type)) {
        return sendError(reply, 422, `type must be one of ${REACTION_TYPES.join(', ')}.`)
      }
      if (operation !== 'add' && operation !== 'remove')
        return sendError(reply, 422, 'operation must be add or remove.')
      const mine = found.message.reactions.find((r) => r.is_from_me && r.reaction === type)
      if (operation === 'remove') {
        if (!mine) return sendError(reply, 404, 'You have not given that reaction.')
        found.message.reactions = found.message.reactions.filter((r) => r !== mine)
        state.reactions.delete(mine.id)
        return reply.code(201).send({ data: mine })
      }
      if (mine) return reply.code(201).send({ data: mine })
      const iso = new Date(ctx.now()).toISOString()
      const reaction: WireReaction = {
        id: state.nextId('reaction'),
        chat_message_id: found.message.id,
        reaction: type as ReactionType,
        is_from_me: true,
        from_phone: found.record.ownNumber,
        sent_at: iso,
        created_at: iso,
        updated_at: iso,
      }
      found.message.reactions.push(reaction)
      state.reactions.set(reaction.id, reaction)
      ctx.emit('reaction.sent', reactionData(found.record, found.message, reaction))
      return reply.code(201).send({ data: reaction })
    },
  )

  app.get(
    `${API}/chat_message_reactions/:reaction_id`,
    { config: { operationId: 'getChatMessageReaction' } },
    async (request, reply) => {
      const id = intParam((request.params as Record<string, unknown>).reaction_id)
      const reaction = id === null ? undefined : state.reactions.get(id)
      return reaction ? { data: reaction } : sendError(reply, 404, 'Reaction not found.')
    },
  )
}
