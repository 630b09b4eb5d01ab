// Webhook subscriptions (the team relay registers its URL with these).
import { enc, type ClientContext, type JsonBody } from './client-context'
import { answers, parseWire, toWebhookSubscription } from './map'
import type { CallOptions, WebhookSubscription, WebhookSubscriptionInput } from './types'

function webhookBody(
  input: WebhookSubscriptionInput,
): JsonBody<'createWebhookSubscription'> & JsonBody<'updateWebhookSubscription'> {
  return {
    webhook_subscription: {
      webhook_url: input.url,
      version: input.version ?? 2,
      events: input.events,
      secret: input.secret,
      active: input.active,
    },
  }
}

export function webhookSubscriptionOperations(ctx: ClientContext) {
  const { call } = ctx
  return {
    async listWebhookSubscriptions(opts: CallOptions = {}): Promise<WebhookSubscription[]> {
      const r = await call('listWebhookSubscriptions', 'GET', '/webhook_subscriptions', opts)
      const wire = parseWire('listWebhookSubscriptions', answers.listWebhookSubscriptions, r.body)
      return wire.webhook_subscriptions.map(toWebhookSubscription)
    },

    async createWebhookSubscription(
      input: WebhookSubscriptionInput,
      opts: CallOptions = {},
    ): Promise<WebhookSubscription> {
      const r = await call('createWebhookSubscription', 'POST', '/webhook_subscriptions', {
        json: webhookBody(input),
        ...opts,
      })
      const wire = parseWire('createWebhookSubscription', answers.webhookSubscription, r.body)
      return toWebhookSubscription(wire.webhook_subscription)
    },

    async updateWebhookSubscription(
      id: string,
      input: WebhookSubscriptionInput,
      opts: CallOptions = {},
    ): Promise<WebhookSubscription> {
      const r = await call('updateWebhookSubscription', 'PUT', `/webhook_subscriptions/${enc(id)}`, {
        json: webhookBody(input),
        ...opts,
      })
      const wire = parseWire('updateWebhookSubscription', answers.webhookSubscription, r.body)
      return toWebhookSubscription(wire.webhook_subscription)
    },

    async deleteWebhookSubscription(id: string, opts: CallOptions = {}): Promise<void> {
      await call('deleteWebhookSubscription', 'DELETE', `/webhook_subscriptions/${enc(id)}`, opts)
    },
  }
}
