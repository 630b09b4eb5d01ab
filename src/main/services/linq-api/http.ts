// The request core: timeouts, cancellation, retries with backoff and Retry-After, and answers parsed into
// either a value or a LinqApiError. Only idempotent requests are retried (sends qualify through their key).
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { LinqApiError, parseErrorBody, parseRetryAfter } from './errors'

export interface RetryPolicy {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface HttpOptions {
  baseUrl: string
  token: string
  fetch: typeof fetch
  timeoutMs: number
  retry: RetryPolicy
  random: () => number
}

export interface RequestBody {
  chunks: AsyncIterable<Uint8Array>
  contentType: string
  contentLength: number
}

export interface RequestSpec {
  operationId: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  query?: Record<string, string | number | undefined | string[]>
  json?: unknown
  /** Built anew for every attempt (a stream can be read only once). */
  body?: () => Promise<RequestBody>
  idempotent: boolean
  signal?: AbortSignal
  timeoutMs?: number
}

export interface HttpAnswer {
  status: number
  body: unknown
  headers: Headers
}

export const API_PREFIX = '/api/partner/v2'

/**
 * Streams a request body with node:http, which waits for the socket to drain between chunks. (Node's fetch
 * reads a streamed body as fast as it can, so a 200 MB upload would sit in memory.)
 */
async function streamingFetch(url: URL, init: { method: string; headers: Record<string, string>; body: RequestBody; signal: AbortSignal }): Promise<Response> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<Response>((resolve, reject) => {
    const req = send(url, { method: init.method, headers: init.headers, signal: init.signal }, (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const headers = new Headers()
        for (const [key, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(key, value)
        const status = res.statusCode ?? 0
        resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers }))
      })
    })
    req.on('error', reject)
    pipeline(Readable.from(init.body.chunks), req).catch(reject)
  })
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export function createHttp(options: HttpOptions) {
  const redact = (text: string | undefined) => (text === undefined ? undefined : text.split(options.token).join('[redacted]'))

  const attempt = async (spec: RequestSpec): Promise<HttpAnswer> => {
    const url = new URL(API_PREFIX + spec.path, options.baseUrl)
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined) continue
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item))
    }
    const headers: Record<string, string> = { 'X-LINQ-INTEGRATION-TOKEN': options.token, Accept: 'application/json' }
    let body: string | undefined
    let stream: RequestBody | undefined
    if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(spec.json)
    } else if (spec.body) {
      stream = await spec.body()
      headers['Content-Type'] = stream.contentType
      headers['Content-Length'] = String(stream.contentLength)
    }
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(), spec.timeoutMs ?? options.timeoutMs)
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout.signal]) : timeout.signal
    const fail = (kind: 'network' | 'timeout' | 'aborted' | 'bad-response', message: string, status?: number) =>
      new LinqApiError({ kind, operationId: spec.operationId, message, status })
    let response: Response
    try {
      response = stream
        ? await streamingFetch(url, { method: spec.method, headers, body: stream, signal })
        : await options.fetch(url, { method: spec.method, headers, body, signal })
    } catch (error) {
      clearTimeout(timer)
      if (spec.signal?.aborted) throw fail('aborted', 'The request was cancelled.')
      if (timeout.signal.aborted) throw fail('timeout', `Linq did not answer ${spec.operationId} in time.`)
      if (error instanceof LinqApiError) throw error
      throw fail('network', `Could not reach Linq for ${spec.operationId}.`)
    }
    let text: string
    try {
      text = await response.text()
    } catch {
      if (spec.signal?.aborted) throw fail('aborted', 'The request was cancelled.')
      if (timeout.signal.aborted) throw fail('timeout', `Linq did not finish answering ${spec.operationId} in time.`)
      throw fail('network', `The connection dropped while reading Linq's answer to ${spec.operationId}.`)
    } finally {
      clearTimeout(timer)
    }
    let parsed: unknown = undefined
    if (text !== '') {
      try {
        parsed = JSON.parse(text)
      } catch {
        if (response.ok) throw fail('bad-response', `Linq's answer to ${spec.operationId} was not valid JSON.`, response.status)
        parsed = undefined
      }
    }
    if (!response.ok) {
      const details = parseErrorBody(parsed)
      throw new LinqApiError({
        kind: 'http',
        operationId: spec.operationId,
        status: response.status,
        code: details.code,
        title: redact(details.title),
        detail: redact(details.detail),
        message: `Linq answered ${response.status} to ${spec.operationId}${details.detail ? `: ${redact(details.detail)}` : ''}`,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
        requestId: response.headers.get('x-request-id') ?? undefined,
      })
    }
    return { status: response.status, body: parsed, headers: response.headers }
  }

  const backoff = (error: LinqApiError, attemptIndex: number): number => {
    if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, options.retry.maxDelayMs)
    const exponential = Math.min(options.retry.maxDelayMs, options.retry.baseDelayMs * 2 ** attemptIndex)
    // "Equal jitter": at least half the step, so a burst of clients spreads out without retrying instantly.
    return exponential / 2 + options.random() * (exponential / 2)
  }

  return {
    async request(spec: RequestSpec): Promise<HttpAnswer> {
      for (let index = 0; ; index++) {
        try {
          return await attempt(spec)
        } catch (error) {
          const retriable =
            error instanceof LinqApiError && spec.idempotent && (error.retryable || error.kind === 'bad-response')
          if (!retriable || index + 1 >= options.retry.maxAttempts) throw error
          try {
            await sleep(backoff(error, index), spec.signal)
          } catch {
            throw new LinqApiError({ kind: 'aborted', operationId: spec.operationId, message: 'The request was cancelled.' })
          }
        }
      }
    },
  }
}

export type Http = ReturnType<typeof createHttp>
