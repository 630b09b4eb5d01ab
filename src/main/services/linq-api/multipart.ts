// multipart/form-data for sendMessage, streamed: file parts are read from disk chunk by chunk while the
// request is sent, so a 200 MB attachment never sits in memory. The length is known up front.
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { RequestBody } from './http'

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; mimeType: string; path: string; size: number }

const CRLF = '\r\n'
const quote = (value: string) => value.replace(/["\\\r\n]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ' '))

export function multipartBody(parts: Part[], onProgress?: (sent: number, total: number) => void): RequestBody {
  const boundary = `----linq${randomBytes(12).toString('hex')}`
  const heads = parts.map((part) => {
    const disposition =
      'path' in part
        ? `Content-Disposition: form-data; name="${quote(part.name)}"; filename="${quote(part.filename)}"${CRLF}Content-Type: ${part.mimeType}`
        : `Content-Disposition: form-data; name="${quote(part.name)}"`
    return Buffer.from(`--${boundary}${CRLF}${disposition}${CRLF}${CRLF}`)
  })
  const tail = Buffer.from(`--${boundary}--${CRLF}`)
  const total =
    parts.reduce((sum, part, i) => sum + heads[i]!.length + ('path' in part ? part.size : Buffer.byteLength(part.value)) + 2, 0) +
    tail.length

  async function* chunks(): AsyncGenerator<Uint8Array> {
    let sent = 0
    const emit = (chunk: Uint8Array) => {
      sent += chunk.length
      onProgress?.(sent, total)
      return chunk
    }
    for (const [i, part] of parts.entries()) {
      yield emit(heads[i]!)
      if ('path' in part) {
        let read = 0
        for await (const chunk of createReadStream(part.path, { highWaterMark: 256 * 1024 })) {
          read += (chunk as Buffer).length
          yield emit(chunk as Buffer)
        }
        if (read !== part.size) throw new Error(`${part.filename} changed while it was being sent.`)
      } else {
        yield emit(Buffer.from(part.value))
      }
      yield emit(Buffer.from(CRLF))
    }
    yield emit(tail)
  }

  return { chunks: chunks(), contentType: `multipart/form-data; boundary=${boundary}`, contentLength: total }
}
