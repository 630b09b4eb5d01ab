// multipart/form-data for sendMessage, streamed: file parts are read from disk chunk by chunk while the
// request is sent, so a 200 MB attachment never sits in memory. The length is known up front.
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { LinqApiError } from './errors'
import type { RequestBody } from './http'

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; mimeType: string; path: string; size: number }

const CRLF = '\r\n'
// Header values must stay on one line and inside their quotes.
const quote = (value: string) =>
  value.replace(/["\r\n\\]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ' '))

export function multipartBody(
  parts: readonly Part[],
  operationId: string,
  onProgress?: (sentBytes: number, totalBytes: number) => void,
): RequestBody {
  const boundary = `----linq${randomBytes(12).toString('hex')}`
  const heads = parts.map((part) =>
    Buffer.from(
      `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(part.name)}"` +
        ('path' in part ? `; filename="${quote(part.filename)}"${CRLF}Content-Type: ${part.mimeType}` : '') +
        CRLF +
        CRLF,
    ),
  )
  const values = parts.map((part) => ('path' in part ? null : Buffer.from(part.value)))
  const tail = Buffer.from(`--${boundary}--${CRLF}`)
  const total = parts.reduce(
    (sum, part, i) => sum + heads[i]!.length + ('path' in part ? part.size : values[i]!.length) + CRLF.length,
    tail.length,
  )
  const lineEnd = Buffer.from(CRLF)

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
        try {
          for await (const chunk of createReadStream(part.path, { highWaterMark: 256 * 1024 })) {
            read += (chunk as Buffer).length
            if (read > part.size) break
            yield emit(chunk as Buffer)
          }
        } catch {
          throw new LinqApiError({
            kind: 'invalid-file',
            operationId,
            message: `${part.filename} can't be read.`,
          })
        }
        // The declared Content-Length must hold, or the server would read a corrupt body.
        if (read !== part.size) {
          throw new LinqApiError({
            kind: 'invalid-file',
            operationId,
            message: `${part.filename} changed while it was being sent.`,
          })
        }
      } else {
        yield emit(values[i]!)
      }
      yield emit(lineEnd)
    }
    yield emit(tail)
  }

  return { chunks: chunks(), contentType: `multipart/form-data; boundary=${boundary}`, contentLength: total }
}
