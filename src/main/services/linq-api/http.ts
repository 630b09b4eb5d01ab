// The request core: timeouts, cancellation, retries with backoff and Retry-After, and answers parsed into
// either a value or a LinqApiError. Only requests marked `retry` are retried (the caller decides which are
// idempotent). Every server-supplied string that reaches an error is redacted of the token.
// One exchange on the wire (fetch or a streamed upload, read with a cap) is transport.ts.
import { backoffDelay } from '../async/backoff'
import { sleep } from '../async/delay'
import type { Logger } from '../log'
import { LinqApiError, parseErrorBody, parseRetryAfter, redact } from './errors'
import { exchange, type RawAnswer, type RequestSpec } from './transport'

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

export type { HttpMethod, RequestBody, RequestSpec } from './transport'

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

/** What an answer means: a value (2xx with JSON or nothing), or the LinqApiError Linq's answer describes. */
function interpret(
  raw: RawAnswer,
  operationId: string,
  clean: (value: string | undefined) => string | undefined,
): HttpAnswer {
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
        operationId: operationId,
        status,
        retryable: true,
        message: `Linq's answer to ${operationId} was not valid JSON.`,
      })
    }
    return { status, body: parsed }
  }
  const requestId = clean(raw.headers.get('x-request-id') ?? undefined)
  if (status < 400) {
    throw new LinqApiError({
      kind: 'bad-response',
      operationId: operationId,
      status,
      requestId,
      message: `Linq answered ${operationId} with a redirect (${status}) instead of an answer.`,
    })
  }
  const details = parseErrorBody(parsed)
  const detail = clean(details.detail)
  throw new LinqApiError({
    kind: 'http',
    operationId: operationId,
    status,
    code: clean(details.code),
    title: clean(details.title),
    detail,
    retryAfterMs:
      status === 429 || status === 503 ? parseRetryAfter(raw.headers.get('retry-after')) : undefined,
    requestId,
    message: `Linq answered ${status} to ${operationId}${detail ? `: ${detail}` : '.'}`,
  })
}

export function createHttp(options: HttpOptions) {
  const prefix = options.origin + API_PREFIX
  const baseHeaders = { 'X-LINQ-INTEGRATION-TOKEN': options.token, Accept: 'application/json' }
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
    const env = {
      url: urlOf(spec),
      baseHeaders,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      maxAnswerBytes,
    }
    return interpret(await exchange(spec, env), spec.operationId, clean)
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
