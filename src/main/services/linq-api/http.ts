// The request core: timeouts, cancellation, retries with backoff and Retry-After, and answers parsed into
// either a value or a LinqApiError. Only requests marked `retry` are retried (the caller decides which are
// idempotent). Every server-supplied string that reaches an error is redacted of the token.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { backoffDelay } from '../async/backoff'
import { delayTimer, sleep } from '../async/delay'
import { formatBytes } from '../../../shared/format-bytes'
import type { Logger } from '../log'
import { LinqApiError, parseErrorBody, parseRetryAfter, redact } from './errors'

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  maxAttempts: number
  baseDelayMs: number
  /** Longest wait between attempts; a Retry-After longer than this ends the retries (the error carries it). */
  maxDelayMs: number
}

export interface HttpOptions {
  /** Scheme, host and port of the API, without a path. */
  origin: string
  /** Largest answer read (default MAX_ANSWER_BYTES); attachments come through download.ts instead. */
  maxAnswerBytes?: number
  token: string
  fetch: typeof fetch
  timeoutMs: number
  retry: RetryPolicy
  random: () => number
  logger?: Logger
}

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

export interface HttpAnswer {
  status: number
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown
}

export const API_PREFIX = '/api/partner/v2'
/**
 * Largest JSON answer the app reads. Linq's biggest (a page of 100 long messages) is far below it; a server
 * sending more is broken or hostile, and reading on would take the main process's memory with it.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024
/** No retry comes back sooner than this, whatever Retry-After says ("0", a date in the past). */
const MIN_RETRY_AFTER_MS = 50

interface RawAnswer {
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

export function createHttp(options: HttpOptions) {
  const prefix = options.origin + API_PREFIX
  const baseHeaders = { 'X-LINQ-INTEGRATION-TOKEN': options.token, Accept: 'application/json' }
  const jsonHeaders = { ...baseHeaders, 'Content-Type': 'application/json' }
  const { retry, logger } = options
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES
  const clean = (value: string | undefined) => redact(value, options.token)

  const urlOf = (spec: RequestSpec): string => {
    if (!spec.query) return prefix + spec.path
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(spec.query)) {
      if (value === undefined) continue
      if (typeof value === 'object') for (const item of value) params.append(key, item)
      else params.append(key, String(value))
    }
    const query = params.toString()
    return query ? `${prefix}${spec.path}?${query}` : prefix + spec.path
  }

  const attempt = async (spec: RequestSpec): Promise<HttpAnswer> => {
    const url = urlOf(spec)
    const timeout = new AbortController()
    const timer = delayTimer(() => timeout.abort(), spec.timeoutMs ?? options.timeoutMs)
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
          `Linq did not answer ${spec.operationId} within ${Math.round((spec.timeoutMs ?? options.timeoutMs) / 1000)} s.`,
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
          response = await options.fetch(url, {
            method: spec.method,
            headers: spec.json === undefined ? baseHeaders : jsonHeaders,
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

    const { status } = raw
    let parsed: unknown
    let parseFailed = false
    if (raw.text !== '') {
      try {
        parsed = JSON.parse(raw.text)
      } catch {
        parseFailed = true
      }
    }
    if (status >= 200 && status < 300) {
      if (parseFailed) {
        // Usually a cut-off answer or a proxy's HTML page: worth another try for idempotent requests.
        throw new LinqApiError({
          kind: 'bad-response',
          operationId: spec.operationId,
          status,
          retryable: true,
          message: `Linq's answer to ${spec.operationId} was not valid JSON.`,
        })
      }
      return { status, body: parsed }
    }
    const requestId = clean(raw.headers.get('x-request-id') ?? undefined)
    if (status < 400) {
      throw new LinqApiError({
        kind: 'bad-response',
        operationId: spec.operationId,
        status,
        requestId,
        message: `Linq answered ${spec.operationId} with a redirect (${status}) instead of an answer.`,
      })
    }
    const details = parseErrorBody(parsed)
    const detail = clean(details.detail)
    throw new LinqApiError({
      kind: 'http',
      operationId: spec.operationId,
      status,
      code: clean(details.code),
      title: clean(details.title),
      detail,
      retryAfterMs:
        status === 429 || status === 503 ? parseRetryAfter(raw.headers.get('retry-after')) : undefined,
      requestId,
      message: `Linq answered ${status} to ${spec.operationId}${detail ? `: ${detail}` : '.'}`,
    })
  }

  /** Milliseconds to wait before the next attempt, or null when the server asks for longer than we wait. */
  const delayAfter = (error: LinqApiError, failedAttempts: number): number | null => {
    if (error.retryAfterMs !== undefined) {
      if (error.retryAfterMs > retry.maxDelayMs) return null
      // A little spread on top, so clients told the same instant do not all return together.
      const spread = options.random() * Math.min(1000, error.retryAfterMs * 0.1)
      return Math.max(MIN_RETRY_AFTER_MS, error.retryAfterMs + spread)
    }
    return backoffDelay(
      failedAttempts,
      { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs },
      options.random,
    )
  }

  return {
    async request(spec: RequestSpec): Promise<HttpAnswer> {
      for (let attemptNo = 1; ; attemptNo++) {
        try {
          return await attempt(spec)
        } catch (error) {
          if (!(error instanceof LinqApiError)) throw error
          if (spec.goneIsDone && attemptNo > 1 && error.kind === 'http' && error.status === 404) {
            return { status: 404, body: undefined }
          }
          if (!spec.retry || !error.retryable || attemptNo >= retry.maxAttempts) throw error
          const delay = delayAfter(error, attemptNo)
          if (delay === null) throw error
          logger?.warn(`Linq ${spec.operationId} failed; retrying`, {
            attempt: attemptNo,
            kind: error.kind,
            status: error.status,
            delayMs: Math.round(delay),
          })
          try {
            await sleep(delay, spec.signal)
          } catch {
            throw new LinqApiError({
              kind: 'aborted',
              operationId: spec.operationId,
              message: `${spec.operationId} was cancelled.`,
            })
          }
        }
      }
    },
  }
}

export type Http = ReturnType<typeof createHttp>
