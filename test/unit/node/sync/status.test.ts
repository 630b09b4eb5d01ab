// What a failed sync round tells the user and when it tries again: statusForError, case by case.
import { describe, expect, it } from 'vitest'
import { MAX_DELAY_MS } from '../../../../src/main/services/async/delay'
import { LinqApiError } from '../../../../src/main/services/linq-api/errors'
import { statusForError } from '../../../../src/main/services/sync/status'

const now = 1_000_000
const context = { backoffMs: 4_000, backoffMaxMs: 60_000, minMs: 25, now, lastSyncedAt: 990_000 }
const http = (status: number, retryAfterMs?: number) =>
  new LinqApiError({
    kind: 'http',
    operationId: 'listChats',
    status,
    retryAfterMs,
    message: `HTTP ${status}`,
  })

describe('statusForError', () => {
  it('429: rate-limited, waiting for the longer of the backoff and Retry-After', () => {
    expect(statusForError(http(429, 10_000), context)).toEqual({
      status: {
        state: 'rate-limited',
        nextRetryAt: now + 10_000,
        detail: 'Linq asked the app to slow down.',
        lastSyncedAt: 990_000,
      },
      delayMs: 10_000,
    })
    expect(statusForError(http(429, 1_000), context).delayMs).toBe(4_000)
    expect(statusForError(http(429), context).delayMs).toBe(4_000)
  })

  it('an absurd Retry-After is capped at the hour', () => {
    const { status, delayMs } = statusForError(http(429, 3_000_000_000), context)
    expect(delayMs).toBe(MAX_DELAY_MS)
    expect(status.nextRetryAt).toBe(now + MAX_DELAY_MS)
  })

  it('401 and 403: the token is refused; it says so and waits the longest backoff', () => {
    for (const code of [401, 403]) {
      const { status, delayMs } = statusForError(http(code), context)
      expect(delayMs).toBe(60_000)
      expect(status).toMatchObject({ state: 'offline', nextRetryAt: now + 60_000 })
      expect(status.detail).toMatch(/no longer accepts this workspace’s token/)
    }
  })

  it('other answers, bad answers and no answer: offline with the reason, after the backoff', () => {
    const cases: [unknown, string][] = [
      [http(503), 'Linq is having trouble (503).'],
      [
        new LinqApiError({ kind: 'bad-response', operationId: 'listChats', message: 'x' }),
        'Linq sent an answer the app doesn’t understand.',
      ],
      [
        new LinqApiError({ kind: 'network', operationId: 'listChats', message: 'x' }),
        'Can’t reach Linq. Check your connection.',
      ],
      [new Error('anything else'), 'Can’t reach Linq. Check your connection.'],
    ]
    for (const [error, detail] of cases) {
      expect(statusForError(error, context)).toEqual({
        status: { state: 'offline', nextRetryAt: now + 4_000, detail, lastSyncedAt: 990_000 },
        delayMs: 4_000,
      })
    }
  })

  it('never retries sooner than the floor', () => {
    expect(statusForError(new Error('x'), { ...context, backoffMs: 0 }).delayMs).toBe(25)
    expect(statusForError(http(429, 0), { ...context, backoffMs: -5 }).delayMs).toBe(25)
  })
})
