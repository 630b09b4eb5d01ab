// What every group of the API client's operations shares: the request core, the mapping context (which
// numbers are ours, so isFromMe can be decided) and the per-chat pacer. Each group is a file named for the
// part of the API it covers (chats.ts, messages.ts, contacts.ts, …); index.ts puts them together. A new
// operation goes in its group; a new part of the API in a new group.
import type { PhoneNumber } from '../../../shared/domain'
import type { operations } from '../../../shared/wire/linq-v2.gen'
import { LinqApiError } from './errors'
import type { Http, HttpMethod } from './http'
import { answers, parseWire, toPhoneNumber, type MapContext } from './map'
import type { createPacer } from './pacing'
import type { CallOptions } from './types'

export const enc = encodeURIComponent

/** The JSON request body of an operation, as generated from the OpenAPI file. */
export type JsonBody<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } }
}
  ? B
  : never

export interface ClientContext {
  http: Http
  /** An operation by its method's usual rules: only idempotent methods are retried; a DELETE's 404 on a retry is done. */
  call(
    operationId: string,
    method: HttpMethod,
    path: string,
    extra?: {
      query?: Record<string, string | number | undefined | readonly string[]>
      json?: unknown
      signal?: AbortSignal
    },
  ): ReturnType<Http['request']>
  /** The mapping context, learned from the numbers once (lazily) and refreshed by every listPhoneNumbers. */
  context(): MapContext | Promise<MapContext>
  listPhoneNumbers(opts?: CallOptions): Promise<PhoneNumber[]>
  pacer: ReturnType<typeof createPacer>
  /** The error a cancelled operation rejects with. */
  aborted(operationId: string): () => LinqApiError
  timeoutMs: number
  maxAttachmentBytes: number
}

const IDEMPOTENCY_KEY = /^[a-zA-Z0-9_-]+$/

export function assertIdempotencyKey(key: string, operationId: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new TypeError(
      `${operationId}: the idempotency key may contain only letters, digits, - and _ (use newIdempotencyKey()).`,
    )
  }
}

export function createClientContext(options: {
  http: Http
  pacer: ReturnType<typeof createPacer>
  attachmentSrc?: MapContext['attachmentSrc']
  timeoutMs: number
  maxAttachmentBytes: number
}): ClientContext {
  const { http } = options
  let mapContext: MapContext | null = null
  let pendingContext: Promise<MapContext> | null = null

  const call: ClientContext['call'] = (operationId, method, path, extra = {}) =>
    http.request({
      operationId,
      method,
      path,
      ...extra,
      // Only methods that are idempotent by definition; POSTs (except keyed sends) are never repeated.
      retry: method === 'GET' || method === 'PUT' || method === 'DELETE',
      goneIsDone: method === 'DELETE',
    })

  const listPhoneNumbers = async (opts: CallOptions = {}): Promise<PhoneNumber[]> => {
    const r = await call('listPhoneNumbers', 'GET', '/phone_numbers', opts)
    const wire = parseWire('listPhoneNumbers', answers.listPhoneNumbers, r.body)
    const numbers = wire.phone_numbers.map(toPhoneNumber)
    mapContext = { ownNumbers: new Set(numbers.map((n) => n.number)), attachmentSrc: options.attachmentSrc }
    return numbers
  }

  return {
    http,
    call,
    listPhoneNumbers,
    context() {
      if (mapContext) return mapContext
      pendingContext ??= listPhoneNumbers()
        .finally(() => (pendingContext = null))
        .then(() => mapContext!)
      return pendingContext
    },
    pacer: options.pacer,
    aborted: (operationId) => () =>
      new LinqApiError({ kind: 'aborted', operationId, message: `${operationId} was cancelled.` }),
    timeoutMs: options.timeoutMs,
    maxAttachmentBytes: options.maxAttachmentBytes,
  }
}
