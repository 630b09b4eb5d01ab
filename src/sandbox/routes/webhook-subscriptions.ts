// Webhook subscriptions (StandardError format, bodies wrapped in `webhook_subscription`). The secret is
// write-only: answers say `secret_configured`, and src/sandbox/webhooks.ts signs deliveries with it.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { isWebhookEventType, type WebhookEventType } from '../../shared/relay-protocol'
import type { SandboxContext } from '../context'
import { sendStandardError } from '../errors'
import type { WireWebhookSubscription } from '../types'
import { isLoopbackUrl } from '../webhooks'
import { API, intParam } from './params'

interface SubscriptionInput {
  webhook_url: string
  version: number
  events: WebhookEventType[]
  active: boolean
  secret?: string
}

/** The validated input, or the reasons it is refused. */
function subscriptionInput(raw: unknown): SubscriptionInput | string[] {
  const wrapper = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const input = wrapper.webhook_subscription
  if (typeof input !== 'object' || input === null) return ['webhook_subscription is required']
  const { webhook_url: url, version, events, active, secret } = input as Record<string, unknown>
  const problems: string[] = []
  // Linq wants HTTPS; the sandbox also takes plain http on loopback, where a local relay listens.
  if (typeof url !== 'string' || !(/^https:\/\/[^\s]+$/.test(url) || isLoopbackUrl(url)))
    problems.push('webhook_url must be an https URL')
  if (!Number.isInteger(version)) problems.push('version is required')
  if (!Array.isArray(events) || events.length === 0) problems.push('events must list at least one event type')
  else
    for (const event of events)
      if (typeof event !== 'string' || !isWebhookEventType(event))
        problems.push(`events: unknown event type ${JSON.stringify(event)}`)
  if (active !== undefined && typeof active !== 'boolean') problems.push('active must be true or false')
  if (secret !== undefined && typeof secret !== 'string') problems.push('secret must be a string')
  if (problems.length) return problems
  return {
    webhook_url: url as string,
    version: version as number,
    events: [...new Set(events as WebhookEventType[])],
    active: (active as boolean | undefined) ?? true,
    secret: secret as string | undefined,
  }
}

export function registerWebhookSubscriptionRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx
  const iso = () => new Date(ctx.now()).toISOString()
  const byId = (params: unknown, reply: FastifyReply) => {
    const id = intParam((params as Record<string, unknown>).webhook_subscription_id)
    const subscription = id === null ? undefined : state.webhooks.get(id)
    if (!subscription) sendStandardError(reply, 404, 'Webhook subscription not found')
    return subscription
  }
  const setSecret = (id: number, secret: string | undefined) => {
    if (secret === undefined) return
    if (secret) state.webhookSecrets.set(id, secret)
    else state.webhookSecrets.delete(id)
  }

  app.get(
    `${API}/webhook_subscriptions`,
    { config: { operationId: 'listWebhookSubscriptions' } },
    async () => ({ webhook_subscriptions: [...state.webhooks.values()] }),
  )

  app.post(
    `${API}/webhook_subscriptions`,
    { config: { operationId: 'createWebhookSubscription' } },
    async (request, reply) => {
      const input = subscriptionInput(request.body)
      if (Array.isArray(input)) return sendStandardError(reply, 422, 'Validation failed', input)
      const now = iso()
      const subscription: WireWebhookSubscription = {
        id: state.nextId('webhook'),
        webhook_url: input.webhook_url,
        version: input.version,
        events: input.events,
        active: input.active,
        secret_configured: Boolean(input.secret),
        last_delivered_at: null,
        delivery_attempts: 0,
        created_at: now,
        updated_at: now,
      }
      state.webhooks.set(subscription.id, subscription)
      setSecret(subscription.id, input.secret)
      return reply.code(201).send({ webhook_subscription: subscription })
    },
  )

  app.put(
    `${API}/webhook_subscriptions/:webhook_subscription_id`,
    { config: { operationId: 'updateWebhookSubscription' } },
    async (request, reply) => {
      const subscription = byId(request.params, reply)
      if (!subscription) return reply
      const input = subscriptionInput(request.body)
      if (Array.isArray(input)) return sendStandardError(reply, 422, 'Validation failed', input)
      // Omitting the secret keeps the one set before; an empty string removes it.
      setSecret(subscription.id, input.secret)
      Object.assign(subscription, {
        webhook_url: input.webhook_url,
        version: input.version,
        events: input.events,
        active: input.active,
        secret_configured: state.webhookSecrets.has(subscription.id),
        updated_at: iso(),
      })
      return { webhook_subscription: subscription }
    },
  )

  app.delete(
    `${API}/webhook_subscriptions/:webhook_subscription_id`,
    { config: { operationId: 'deleteWebhookSubscription' } },
    async (request, reply) => {
      const subscription = byId(request.params, reply)
      if (!subscription) return reply
      state.webhooks.delete(subscription.id)
      state.webhookSecrets.delete(subscription.id)
      return reply.code(204).send()
    },
  )
}
