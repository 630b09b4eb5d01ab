// One error type for every way a Linq call can fail, whichever of Linq's two error formats (or none) the
// server used. Its message is fit for a user and never contains the token.
import type { IpcError } from '../../../shared/errors'

export type LinqErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'bad-response' | 'invalid-file'

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
      init.kind === 'network' ||
      init.kind === 'timeout' ||
      (init.kind === 'http' && init.status !== undefined && (init.status === 429 || init.status >= 500))
  }

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
        return { kind: 'bad-response', message: "Linq sent an answer the app doesn't understand.", retryable: true }
      case 'invalid-file':
        return { kind: 'file', message: this.message, retryable: false }
      case 'http':
        if (status === 401 || status === 403)
          return { kind: 'unauthorized', message: 'Linq did not accept the integration token. Sign in again.', retryable: false }
        if (status === 404) return { kind: 'not-found', message: this.detail ?? 'Linq could not find that.', retryable: false }
        if (status === 429)
          return { kind: 'rate-limited', message: 'Linq is limiting requests. The app will try again shortly.', retryable: true }
        if (status !== undefined && status >= 500)
          return { kind: 'server', message: `Linq is having trouble (error ${status}). Try again shortly.`, retryable: true }
        return {
          kind: 'refused',
          message: this.detail ? `Linq refused this: ${this.detail}` : `Linq refused this (error ${status ?? '?'}).`,
          retryable: false,
        }
    }
  }
}

/** Reads either documented error body ({errors:[{status,code,title,detail}]} or {status,error_code,message,errors}). */
export function parseErrorBody(body: unknown): { code?: string; title?: string; detail?: string } {
  if (typeof body !== 'object' || body === null) return {}
  const b = body as Record<string, unknown>
  if (Array.isArray(b.errors) && typeof b.errors[0] === 'object' && b.errors[0] !== null) {
    const first = b.errors[0] as Record<string, unknown>
    return {
      code: typeof first.code === 'string' ? first.code : undefined,
      title: typeof first.title === 'string' ? first.title : undefined,
      detail: typeof first.detail === 'string' ? first.detail : undefined,
    }
  }
  if (typeof b.error_code === 'string' || typeof b.message === 'string') {
    const details = Array.isArray(b.errors) ? b.errors.filter((e): e is string => typeof e === 'string') : []
    return {
      code: typeof b.error_code === 'string' ? b.error_code : undefined,
      title: typeof b.message === 'string' ? b.message : undefined,
      detail: details.length ? details.join('; ') : typeof b.message === 'string' ? b.message : undefined,
    }
  }
  return {}
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
