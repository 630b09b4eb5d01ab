// One exchange with Linq: the request sent (JSON through fetch, a streamed body through node:http), the
// answer read with a cap, within a timeout and the caller's signal. What goes wrong on the way is a
// LinqApiError of kind network, timeout, aborted or too-large; what the answer means is http.ts's business.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { formatBytes } from '../../../shared/format-bytes'
import { delayTimer } from '../async/delay'
import { LinqApiError } from './errors'

export interface RequestBody {
  chunks: AsyncIterable<Uint8Array>
  contentType: string
  contentLength: number
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestSpec {
  operationId: string
  method: HttpMethod
  /** Path after /api/partner/v2, with ids already encoded. */
  path: string
  query?: Record<string, string | number | undefined | readonly string[]>
  json?: unknown
  /** A streamed body, built anew for every attempt (a stream can be read only once). */
  body?: () => RequestBody
  /** Safe to send again: the method is idempotent, or the body carries an idempotency key. */
  retry: boolean
  /** For deletes: a 404 on a retry means an earlier attempt already deleted it (its answer was lost). */
  goneIsDone?: boolean
  signal?: AbortSignal
  timeoutMs?: number
}

export interface RawAnswer {
  status: number
  headers: Headers
  text: string
}

/** Gathers an answer's bytes and throws `tooLarge()` as soon as they pass `cap`. */
function cappedBody(cap: number, tooLarge: () => Error) {
  const chunks: Uint8Array[] = []
  let size = 0
  return {
    add(chunk: Uint8Array): void {
      size += chunk.byteLength
      if (size > cap) throw tooLarge()
      chunks.push(chunk)
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  }
}

/** A fetch answer's text, read as a stream and abandoned past `cap` (or when it says it is bigger). */
async function readCapped(response: Response, cap: number, tooLarge: () => Error): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > cap) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }
  if (!response.body) return ''
  const body = cappedBody(cap, tooLarge)
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return body.text()
      body.add(value)
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined)
    throw error
  }
}

/**
 * Sends a streamed body with node:http, which waits for the socket to drain between chunks. Node's fetch
 * (undici) reads a streamed request body as fast as the disk gives it, so a 200 MB upload would sit in
 * memory (measured: RSS grew by the full file size).
 */
function sendStreamed(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: RequestBody,
  signal: AbortSignal,
  answerCap: { bytes: number; tooLarge: () => Error },
): Promise<RawAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<RawAnswer>((resolve, reject) => {
    let answered = false
    let uploaded = false
    const req = send(url, { method, headers, signal }, (res: IncomingMessage) => {
      answered = true
      const answer = cappedBody(answerCap.bytes, answerCap.tooLarge)
      res.on('data', (chunk: Buffer) => {
        try {
          answer.add(chunk)
        } catch (error) {
          reject(error)
          req.destroy()
        }
      })
      res.on('error', reject)
      res.on('close', () => {
        if (!res.complete) reject(new Error('The connection closed before the answer was complete.'))
      })
      res.on('end', () => {
        const answerHeaders = new Headers()
        for (const [key, value] of Object.entries(res.headers))
          if (typeof value === 'string') answerHeaders.set(key, value)
        resolve({ status: res.statusCode ?? 0, headers: answerHeaders, text: answer.text() })
        // The server answered early (e.g. 401) without reading the rest: stop uploading.
        if (!uploaded) req.destroy()
      })
    })
    // Once an answer has arrived, a broken upload pipe is the server hanging up on a body it did not want.
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    pipeline(Readable.from(body.chunks, { objectMode: false, highWaterMark: 256 * 1024 }), req).then(
      () => (uploaded = true),
      (error: unknown) => {
        if (!answered) reject(error)
      },
    )
  })
}

export interface ExchangeEnv {
  url: string
  baseHeaders: Record<string, string>
  fetch: typeof fetch
  timeoutMs: number
  maxAnswerBytes: number
}

/** Sends `spec` once and reads the answer; throws a LinqApiError when no whole answer arrives. */
export async function exchange(spec: RequestSpec, env: ExchangeEnv): Promise<RawAnswer> {
  const { url, baseHeaders, maxAnswerBytes } = env
  const timeoutMs = spec.timeoutMs ?? env.timeoutMs
  const timeout = new AbortController()
  const timer = delayTimer(() => timeout.abort(), timeoutMs)
  const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal
  const fail = (kind: 'network' | 'timeout' | 'aborted', message: string) =>
    new LinqApiError({ kind, operationId: spec.operationId, message })
  const tooLarge = () =>
    new LinqApiError({
      kind: 'too-large',
      operationId: spec.operationId,
      message: `Linq's answer to ${spec.operationId} was larger than ${formatBytes(maxAnswerBytes)}; the app stopped reading it.`,
    })
  const failure = (error: unknown, reading: boolean): LinqApiError => {
    if (spec.signal?.aborted) return fail('aborted', `${spec.operationId} was cancelled.`)
    if (timeout.signal.aborted)
      return fail(
        'timeout',
        `Linq did not answer ${spec.operationId} within ${Math.round(timeoutMs / 1000)} s.`,
      )
    if (error instanceof LinqApiError) return error
    const cause = (error as { cause?: unknown } | null)?.cause
    if (cause instanceof LinqApiError) return cause
    return fail(
      'network',
      reading
        ? `The connection dropped while reading Linq's answer to ${spec.operationId}.`
        : `Could not reach Linq for ${spec.operationId}.`,
    )
  }
  let raw: RawAnswer
  try {
    if (spec.body) {
      const body = spec.body()
      const headers = {
        ...baseHeaders,
        'Content-Type': body.contentType,
        'Content-Length': String(body.contentLength),
      }
      try {
        raw = await sendStreamed(new URL(url), spec.method, headers, body, signal, {
          bytes: maxAnswerBytes,
          tooLarge,
        })
      } catch (error) {
        throw failure(error, false)
      }
    } else {
      let response: Response
      try {
        response = await env.fetch(url, {
          method: spec.method,
          headers:
            spec.json === undefined ? baseHeaders : { ...baseHeaders, 'Content-Type': 'application/json' },
          body: spec.json === undefined ? undefined : JSON.stringify(spec.json),
          signal,
          // Redirects are not part of the API; following one would send the token to wherever it points.
          redirect: 'manual',
        })
      } catch (error) {
        throw failure(error, false)
      }
      try {
        const text = await readCapped(response, maxAnswerBytes, tooLarge)
        raw = { status: response.status, headers: response.headers, text }
      } catch (error) {
        throw failure(error, true)
      }
    }
  } finally {
    clearTimeout(timer)
  }
  return raw
}
