// Reading sendMessage's multipart body: text, idempotency key and attachment URLs from the fields, and
// each file streamed to the upload folder (a file past the size limit is refused with 413).
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { DEFAULT_MIME, knownMimeTypeFor } from '../../shared/mime'
import type { MediaBlob } from '../state'
import { IDEMPOTENCY_KEY } from './params'

export interface MessageParts {
  text: string | undefined
  key: string | undefined
  urls: string[]
  uploads: MediaBlob[]
}

export function mimeFor(filename: string, declared?: string): string {
  if (declared && declared !== 'application/octet-stream') return declared
  return knownMimeTypeFor(filename) ?? declared ?? DEFAULT_MIME
}

export const discardUploads = (uploads: MediaBlob[]) =>
  Promise.all(uploads.map((u) => unlink(u.path!).catch(() => undefined)))

/** The parts, or the status and message to refuse the request with (uploads already removed). */
export async function readMessageParts(
  request: FastifyRequest,
  uploadDir: string,
): Promise<MessageParts | { status: number; error: string }> {
  const parts: MessageParts = { text: undefined, key: undefined, urls: [], uploads: [] }
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'message[attachments][]') {
          part.file.resume()
          continue
        }
        const id = randomUUID()
        const path = join(uploadDir, id)
        await pipeline(part.file, createWriteStream(path))
        if (part.file.truncated) {
          await unlink(path).catch(() => undefined)
          await discardUploads(parts.uploads)
          return { status: 413, error: `${part.filename} is larger than the sandbox accepts.` }
        }
        const filename = part.filename || 'attachment'
        const size = (await stat(path)).size
        parts.uploads.push({ id, filename, mimeType: mimeFor(filename, part.mimetype), size, path })
      } else {
        const value = typeof part.value === 'string' ? part.value : String(part.value)
        if (part.fieldname === 'message[text]') parts.text = value
        else if (part.fieldname === 'message[idempotency_key]') parts.key = value
        else if (part.fieldname === 'message[attachment_urls][]') parts.urls.push(value)
      }
    }
  } catch (error) {
    await discardUploads(parts.uploads)
    const code = (error as { code?: string }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      return { status: 413, error: 'An attachment is larger than the sandbox accepts.' }
    return { status: 400, error: 'The multipart body could not be read.' }
  }
  return parts
}

/** Why the parts cannot make a message (uploads are then removed by the caller), or null. */
export function invalidParts(parts: MessageParts): string | null {
  if (parts.text === undefined) return 'message[text] is required.'
  if (parts.key !== undefined && !IDEMPOTENCY_KEY.test(parts.key))
    return 'message[idempotency_key] may contain only letters, digits, - and _.'
  for (const url of parts.urls) {
    const parsed = URL.canParse(url) ? new URL(url) : null
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
      return `message[attachment_urls][] must be http(s) URLs: ${url.slice(0, 100)}`
  }
  return null
}
