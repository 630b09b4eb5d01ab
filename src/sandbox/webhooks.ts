// Webhook deliveries, as Linq makes them: each event is POSTed to every active subscription that asked for its
// type, signed with the subscription's secret, and retried with capped exponential backoff on a non-2xx answer
// or a timeout. A retry sends the same bytes, so the same event_id: receivers de-duplicate on it.
// The sandbox only listens on loopback and delivers only to loopback URLs (a relay on this machine); a
// subscription to any other host is kept, like Linq keeps it, but never called.
import { createHmac, randomUUID } from 'node:crypto'
import type { WebhookEventType } from '../shared/relay-protocol'
import type { SandboxState } from './state'

export interface WebhookDeliveryOptions {
  /** Per attempt; Linq asks receivers to answer within 10 s (default 10,000). */
  timeoutMs?: number
  /** First retry after about this long, doubling each time (default 1,000). */
  retryBaseMs?: number
  /** No retry waits longer than this (default 60,000). */
  retryCapMs?: number
  /** Attempts per event and subscription, the first included (default 8). */
  maxAttempts?: number
}

export interface DeliveryRecord {
  eventId: string
  eventType: WebhookEventType
  subscriptionId: number
  attempt: number
  /** HTTP status, or the error's name for a timeout or a refused connection. */
  outcome: number | string
}

export interface WebhookStats {
  events: number
  attempts: number
  delivered: number
  /** Deliveries given up after maxAttempts. */
  failed: number
  /** Deliveries not finished yet (in flight or waiting for a retry). */
  pending: number
}

interface SentEvent {
  eventType: WebhookEventType
  body: string
  subscriptionIds: number[]
}

const KEEP_EVENTS = 1000
const KEEP_LOG = 2000
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export const isLoopbackUrl = (url: string) =>
  URL.canParse(url) && LOOPBACK_HOSTS.has(new URL(url).hostname) && new URL(url).protocol === 'http:'

export const signBody = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

export function createWebhookHub(
  state: SandboxState,
  now: () => number,
  random: () => number,
  options: WebhookDeliveryOptions = {},
) {
  const timeoutMs = options.timeoutMs ?? 10_000
  const retryBaseMs = options.retryBaseMs ?? 1000
  const retryCapMs = options.retryCapMs ?? 60_000
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8)
  const sent = new Map<string, SentEvent>()
  const log: DeliveryRecord[] = []
  const stats: WebhookStats = { events: 0, attempts: 0, delivered: 0, failed: 0, pending: 0 }
  const timers = new Set<NodeJS.Timeout>()
  const closing = new AbortController()
  let idleWaiters: (() => void)[] = []

  const settle = () => {
    if (closing.signal.aborted) return
    stats.pending--
    if (stats.pending === 0) for (const resume of idleWaiters.splice(0)) resume()
  }

  const retryDelay = (attempt: number) =>
    Math.min(retryCapMs, retryBaseMs * 2 ** (attempt - 1)) * (0.5 + random() / 2)

  const attemptOnce = async (eventId: string, subscriptionId: number, attempt: number): Promise<void> => {
    const event = sent.get(eventId)
    const subscription = state.webhooks.get(subscriptionId)
    // A subscription deleted or paused between two attempts gets no more deliveries.
    if (!event || !subscription?.active || closing.signal.aborted) return settle()
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    const secret = state.webhookSecrets.get(subscriptionId)
    if (secret) headers['X-Webhook-Signature'] = signBody(secret, event.body)
    subscription.delivery_attempts++
    stats.attempts++
    let outcome: number | string
    try {
      const response = await fetch(subscription.webhook_url, {
        method: 'POST',
        headers,
        body: event.body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), closing.signal]),
      })
      await response.body?.cancel()
      outcome = response.status
    } catch (error) {
      outcome = (error as Error).name
    }
    log.push({ eventId, eventType: event.eventType, subscriptionId, attempt, outcome })
    if (log.length > KEEP_LOG) log.splice(0, log.length - KEEP_LOG)
    if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
      subscription.last_delivered_at = new Date(now()).toISOString()
      stats.delivered++
      return settle()
    }
    if (attempt >= maxAttempts || closing.signal.aborted) {
      stats.failed++
      return settle()
    }
    const timer = setTimeout(() => {
      timers.delete(timer)
      void attemptOnce(eventId, subscriptionId, attempt + 1)
    }, retryDelay(attempt))
    timers.add(timer)
  }

  const deliver = (eventId: string, subscriptionIds: number[]) => {
    for (const id of subscriptionIds) {
      stats.pending++
      void attemptOnce(eventId, id, 1)
    }
  }

  return {
    /** Sends one event to every active loopback subscription of its type; returns its event_id. */
    emit(eventType: WebhookEventType, data: Record<string, unknown>): string | null {
      const subscriptionIds = [...state.webhooks.values()]
        .filter((s) => s.active && s.events.includes(eventType) && isLoopbackUrl(s.webhook_url))
        .map((s) => s.id)
      if (subscriptionIds.length === 0 || closing.signal.aborted) return null
      const eventId = randomUUID()
      const created_at = new Date(now()).toISOString()
      const body = JSON.stringify({
        api_version: 'v2',
        created_at,
        event_id: eventId,
        event_type: eventType,
        data,
      })
      sent.set(eventId, { eventType, body, subscriptionIds })
      if (sent.size > KEEP_EVENTS) sent.delete(sent.keys().next().value as string)
      stats.events++
      deliver(eventId, subscriptionIds)
      return eventId
    },
    /** Delivers a recent event again, byte for byte, as Linq does when it did not see an answer in time. */
    redeliver(eventId: string): boolean {
      const event = sent.get(eventId)
      if (!event) return false
      deliver(eventId, event.subscriptionIds)
      return true
    },
    /** The raw body of a recent event (tests replay it by hand). */
    body: (eventId: string) => sent.get(eventId)?.body,
    stats: (): WebhookStats => ({ ...stats }),
    log: (): DeliveryRecord[] => log.map((r) => ({ ...r })),
    /** Resolves when no delivery is in flight or waiting for a retry. */
    idle(): Promise<void> {
      return stats.pending === 0 ? Promise.resolve() : new Promise((resume) => idleWaiters.push(resume))
    },
    close() {
      closing.abort()
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      stats.pending = 0
      for (const resume of idleWaiters.splice(0)) resume()
      idleWaiters = []
    },
  }
}

export type WebhookHub = ReturnType<typeof createWebhookHub>
