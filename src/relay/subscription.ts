// Registers the relay's public URL with Linq through the app's own API client (the same retries, timeouts and
// error mapping as the desktop). Linq delivers twice to a URL registered twice, so an existing subscription for
// the URL is updated instead of a second one created.
import { createLinqClient, type WebhookSubscription } from '../main/services/linq-api'
import type { Logger } from '../main/services/log'
import { WEBHOOK_EVENT_TYPES } from '../shared/relay-protocol'

export interface SubscribeOptions {
  /** The URL Linq POSTs to: the relay's public https address, ending in WEBHOOK_PATH. */
  url: string
  linqBaseUrl: string
  linqToken: string
  secret?: string
  logger: Logger
}

export async function ensureWebhookSubscription(options: SubscribeOptions): Promise<WebhookSubscription> {
  const client = createLinqClient({
    baseUrl: options.linqBaseUrl,
    token: options.linqToken,
    logger: options.logger,
  })
  const input = {
    url: options.url,
    events: [...WEBHOOK_EVENT_TYPES],
    version: 2,
    active: true,
    ...(options.secret !== undefined ? { secret: options.secret } : {}),
  }
  const existing = (await client.listWebhookSubscriptions()).find((s) => s.url === options.url)
  const subscription = existing
    ? await client.updateWebhookSubscription(existing.id, input)
    : await client.createWebhookSubscription(input)
  options.logger.info(
    existing ? 'relay: webhook subscription updated' : 'relay: webhook subscription created',
    {
      id: subscription.id,
      secret_configured: subscription.secretConfigured,
    },
  )
  return subscription
}
