// One error type for every way a Linq call can fail, whichever of Linq's two error formats (or none) the
// server used. Its message is fit for a user and never contains the token.
import type { IpcError } from '../../../shared/errors'
import { capDelay } from '../async/delay'

export type LinqErrorKind =
  | 'http'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'bad-response'
  | 'invalid-file'
  /** The answer was larger than the app reads (http.ts MAX_ANSWER_BYTES); not retried. */
  | 'too-large'

export interface LinqApiErrorInit {
  kind: LinqErrorKind
  operationId: string
  message: string
  status?: number
  code?: string
  title?: string
  detail?: string
  retryAfterMs?: number
  requestId?: string
  /** Defaults by kind: network, timeout, 429 and 5xx are retryable. */
  retryable?: boolean
}

export class LinqApiError extends Error {
  readonly kind: LinqErrorKind
  readonly operationId: string
  readonly status?: number
  readonly code?: string
  readonly title?: string
  readonly detail?: string
  readonly retryAfterMs?: number
  readonly requestId?: string
  readonly retryable: boolean

  constructor(init: LinqApiErrorInit) {
    super(init.message)
    this.name = 'LinqApiError'
    this.kind = init.kind
    this.operationId = init.operationId
    this.status = init.status
    this.code = init.code
    this.title = init.title
    this.detail = init.detail
    this.retryAfterMs = init.retryAfterMs
    this.requestId = init.requestId
    this.retryable =
      init.retryable ??
      (init.kind === 'network' ||
        init.kind === 'timeout' ||
        (init.kind === 'http' && init.status !== undefined && (init.status === 429 || init.status >= 500)))
  }

  /** The error in plain words for the renderer. */
  toIpc(): IpcError {
    const { status } = this
    switch (this.kind) {
      case 'network':
        return { kind: 'network', message: "Can't reach Linq. Check your connection.", retryable: true }
      case 'timeout':
        return { kind: 'timeout', message: 'Linq took too long to answer. Try again.', retryable: true }
      case 'aborted':
        return { kind: 'aborted', message: 'Cancelled.', retryable: true }
      case 'bad-response':
        return {
          kind: 'bad-response',
          message: "Linq sent an answer the app doesn't understand.",
          retryable: this.retryable,
        }
      case 'invalid-file':
        return { kind: 'file', message: this.message, retryable: false }
      case 'too-large':
        return {
          kind: 'bad-response',
          message: 'Linq sent an answer far larger than expected, so the app stopped reading it.',
          retryable: false,
        }
      case 'http':
        if (status === 401 || status === 403) {
          return {
            kind: 'unauthorized',
            message: 'Linq did not accept the integration token.',
            retryable: false,
          }
        }
        if (status === 404)
          return { kind: 'not-found', message: this.detail ?? 'Linq could not find that.', retryable: false }
        if (status === 429) {
          const seconds = Math.max(1, Math.ceil(capDelay(this.retryAfterMs ?? 0) / 1000))
          const wait =
            this.retryAfterMs === undefined
              ? ''
              : seconds > 90
                ? ` Try again in ${Math.ceil(seconds / 60)} min.`
                : ` Try again in ${seconds} s.`
          return {
            kind: 'rate-limited',
            message: `Linq is limiting requests right now.${wait}`,
            retryable: true,
          }
        }
        if (status !== undefined && status >= 500) {
          return {
            kind: 'server',
            message: `Linq is having trouble (error ${status}). Try again shortly.`,
            retryable: true,
          }
        }
        return {
          kind: 'refused',
          message: this.detail
            ? `Linq refused this: ${this.detail}`
            : `Linq refused this (error ${status ?? 'unknown'}).`,
          retryable: false,
        }
    }
  }
}

export interface ErrorDetails {
  code?: string
  title?: string
  detail?: string
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined)

/**
 * Reads either documented error body: Error `{errors:[{status,code,title,detail}]}` or StandardError
 * `{status,error_code,message,errors:[string]}`. Anything else yields no details (the status still tells).
 */
export function parseErrorBody(body: unknown): ErrorDetails {
  if (typeof body !== 'object' || body === null) return {}
  const b = body as Record<string, unknown>
  const first: unknown = Array.isArray(b.errors) ? b.errors[0] : undefined
  if (typeof first === 'object' && first !== null) {
    const item = first as Record<string, unknown>
    return { code: text(item.code), title: text(item.title), detail: text(item.detail) ?? text(item.title) }
  }
  if (text(b.error_code) || text(b.message)) {
    const details = Array.isArray(b.errors)
      ? b.errors.filter((e): e is string => typeof e === 'string' && e !== '')
      : []
    return {
      code: text(b.error_code),
      title: text(b.message),
      detail: details.length ? details.join('; ') : text(b.message),
    }
  }
  return {}
}

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/
// An HTTP date names a weekday or a month; without this, Date.parse takes "-5" or "1" for a year.
const HTTP_DATE = /^[a-z]{3,9},? .*\d{1,2}:\d{2}:\d{2}/i

/**
 * Retry-After in milliseconds: delay-seconds or an HTTP date (a past date is 0). Anything else (negative,
 * garbage, a number too large to be a number) is undefined, as if the header were missing. The result can
 * still be huge; the timers cap it (async/delay.ts).
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? ''
  if (DELAY_SECONDS.test(text)) {
    const ms = Number(text) * 1000
    return Number.isFinite(ms) ? Math.round(ms) : undefined
  }
  if (!HTTP_DATE.test(text)) return undefined
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Replaces every occurrence of the secret; used on every server-supplied string that reaches an error. */
export function redact(value: string, secret: string): string
export function redact(value: string | undefined, secret: string): string | undefined
export function redact(value: string | undefined, secret: string): string | undefined {
  return value === undefined || secret === '' ? value : value.split(secret).join('[redacted]')
}
