// The Linq API client of the main process. Methods are named after the OpenAPI operationIds and return the
// app's domain types (mapped in map.ts); every call has a timeout and takes an AbortSignal; idempotent calls
// and sends (through their idempotency key) are retried; sends to one chat are paced and stay in order.
// The operations live in one file per part of the API (see client-context.ts); this file puts them together.
import { randomUUID } from 'node:crypto'
import { LIMITS } from '../../../shared/domain'
import type { Logger } from '../log'
import { chatOperations } from './chats'
import { createClientContext } from './client-context'
import { contactOperations } from './contacts'
import { download } from './download'
import { createHttp, type RetryPolicy } from './http'
import { messageOperations } from './messages'
import { createPacer } from './pacing'
import { pagingOperations } from './paging'
import { phoneNumberOperations } from './phone-numbers'
import type { CallOptions } from './types'
import { webhookSubscriptionOperations } from './webhook-subscriptions'

export { LinqApiError, type LinqErrorKind } from './errors'
export type { RetryPolicy } from './http'
export type * from './types'

export interface LinqClientOptions {
  /** API host, e.g. https://api.linqapp.com (any path is dropped; the client adds /api/partner/v2). */
  baseUrl: string
  token: string
  /** For every call except streamed uploads, which use node:http (see http.ts). */
  fetch?: typeof fetch
  /** Per attempt (default 30 s); uploads get more in proportion to their size. */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Minimum gap between the starts of two sends to the same chat (default 250 ms). */
  pacing?: { perChatIntervalMs?: number }
  /** Largest attachment accepted (default LIMITS.maxAttachmentBytes). */
  maxAttachmentBytes?: number
  logger?: Logger
  /** Turns an attachment into the URL the renderer loads (default: Linq's own URL). */
  attachmentSrc?: (attachmentId: string, remoteUrl: string) => string
  /** Jitter source, for tests (default Math.random). */
  random?: () => number
  /** Largest JSON answer read (default 8 MB); past it the call fails with kind 'too-large'. */
  maxAnswerBytes?: number
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 30_000 }

/** A fresh idempotency key (`lq_` + 32 hex digits): make one per logical message, reuse it on every retry. */
export function newIdempotencyKey(): string {
  return 'lq_' + randomUUID().replace(/-/g, '')
}

export function createLinqClient(options: LinqClientOptions) {
  const origin = new URL(options.baseUrl).origin
  const timeoutMs = options.timeoutMs ?? 30_000
  const fetchImpl = options.fetch ?? fetch
  options.logger?.addSecret(options.token)
  const http = createHttp({
    origin,
    token: options.token,
    fetch: fetchImpl,
    timeoutMs,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    random: options.random ?? Math.random,
    logger: options.logger,
    maxAnswerBytes: options.maxAnswerBytes,
  })
  const ctx = createClientContext({
    http,
    pacer: createPacer(options.pacing?.perChatIntervalMs ?? 250),
    attachmentSrc: options.attachmentSrc,
    timeoutMs,
    maxAttachmentBytes: options.maxAttachmentBytes ?? LIMITS.maxAttachmentBytes,
  })
  const messages = messageOperations(ctx)
  return {
    ...phoneNumberOperations(ctx),
    ...chatOperations(ctx),
    ...messages,
    ...pagingOperations(messages.listChatMessages),
    ...contactOperations(ctx),
    ...webhookSubscriptionOperations(ctx),

    /**
     * Streams an attachment to `destPath` (written to a temporary file and renamed when complete). The token
     * is sent only when the URL is on the API's own origin.
     */
    async downloadAttachment(remoteUrl: string, destPath: string, opts: CallOptions = {}): Promise<void> {
      await download(remoteUrl, destPath, {
        fetch: fetchImpl,
        origin,
        token: options.token,
        idleTimeoutMs: timeoutMs,
        signal: opts.signal,
      })
    },
  }
}

export type LinqClient = ReturnType<typeof createLinqClient>
