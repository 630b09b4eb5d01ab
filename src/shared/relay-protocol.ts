// The team relay's wire protocol, shared by the three programs that speak it: the sandbox (which delivers
// Linq webhooks), the relay (which checks them and publishes them to NATS JetStream) and the desktop's
// consumer (which reads them back). Names here are also what the NATS permissions in
// docs/relay/accounts.conf are written against, so they change together.
import { z } from 'zod'
import type { components } from './wire/linq-v2.gen'

export type WebhookEventType = components['schemas']['WebhookEventType']

/** The 13 event types of the OpenAPI file's `webhooks`, in its order. */
export const WEBHOOK_EVENT_TYPES = [
  'message.sent',
  'message.received',
  'message.read',
  'call.completed',
  'reaction.sent',
  'reaction.received',
  'typing_indicator.received',
  'typing_indicator.removed',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'participant.added',
  'participant.removed',
] as const satisfies readonly WebhookEventType[]

// Fails to compile when the spec gains an event type this list lacks.
const _everyEventType: Exclude<WebhookEventType, (typeof WEBHOOK_EVENT_TYPES)[number]> extends never
  ? true
  : never = true
void _everyEventType

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)
}

/** Workspace and device names: one lowercase subject token, also safe in stream and consumer names. */
export const RELAY_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/
/** A chat or contact id inside a subject: one token, no wildcards or dots. */
const SUBJECT_TOKEN = /^[A-Za-z0-9_-]{1,64}$/

export const streamName = (workspace: string) => `LINQ_${workspace}`
export const workspaceSubjects = (workspace: string) => `linq.${workspace}.>`
/** Each device reads through its own durable consumer, so each resumes from its own acknowledged position. */
export const deviceConsumerName = (deviceId: string) => `device-${deviceId}`
/** A device's reply subjects; the server config lets each device subscribe to its own prefix only. */
export const deviceInboxPrefix = (deviceId: string) => `_INBOX_device-${deviceId}`
export const RELAY_INBOX_PREFIX = '_INBOX_relay'

/** The envelope every Linq v2 webhook body has; `data` depends on `event_type`. */
const envelopeSchema = z.looseObject({
  api_version: z.literal('v2'),
  created_at: z.string().min(1).max(64),
  // Becomes the Nats-Msg-Id header, so it must be a printable header value of reasonable length.
  event_id: z.string().regex(/^[\x21-\x7e]{1,128}$/),
  event_type: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()),
})
export type WebhookEnvelope = z.infer<typeof envelopeSchema>

export type EnvelopeResult = { ok: true; envelope: WebhookEnvelope } | { ok: false; reason: string }

/** Checks the envelope (not the event-specific `data`, whose fields Linq documents as optional). */
export function parseEnvelope(value: unknown): EnvelopeResult {
  const parsed = envelopeSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, reason: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` }
  }
  const chat = parsed.data.data.chat_id
  if (chat !== undefined && chat !== null && chatIdOf(parsed.data) === null)
    return { ok: false, reason: 'data.chat_id: not an id' }
  return { ok: true, envelope: parsed.data }
}

/** The chat an event names, as the app's string id, or null for events outside a chat (contacts, calls). */
export function chatIdOf(envelope: WebhookEnvelope): string | null {
  const raw = envelope.data.chat_id
  if (typeof raw !== 'string' && typeof raw !== 'number') return null
  const id = String(raw)
  return SUBJECT_TOKEN.test(id) ? id : null
}

/**
 * `linq.<workspace>.chat.<chat_id>.<event_type>` for events in a chat, so a consumer can filter one chat;
 * `linq.<workspace>.org.<event_type>` for the rest (contacts, calls, participant events without a chat id).
 */
export function eventSubject(workspace: string, envelope: WebhookEnvelope): string {
  const chatId = chatIdOf(envelope)
  return chatId === null
    ? `linq.${workspace}.org.${envelope.event_type}`
    : `linq.${workspace}.chat.${chatId}.${envelope.event_type}`
}

// Fetch once per event, at the relay. For the events below the relay asks Linq for the chat's newest messages
// (the same request a desktop's pull makes) and publishes Linq's answer, as Linq gave it, with the event in
// SHARED_FIELD. Each desktop checks that answer with the API's schema and applies it as its own pull's, so
// the cache is still fed by API responses only, and N desktops cost Linq one request per event, not N.

/** The newest page a desktop's pull reads and the relay shares: `sort=desc&per_page=30`, page 1. */
export const NEWEST_WINDOW = { sort: 'desc', perPage: 30 } as const

/** Events whose change is in the chat's newest messages: new messages, reactions, read receipts. */
export const SHARED_EVENT_TYPES: readonly WebhookEventType[] = [
  'message.sent',
  'message.received',
  'message.read',
  'reaction.sent',
  'reaction.received',
]

/** The envelope field the relay adds; Linq's own fields never start with `relay_`. */
export const SHARED_FIELD = 'relay_fetched'

const sharedSchema = z.object({
  operation_id: z.literal('listChatMessages'),
  chat_id: z.string().regex(SUBJECT_TOKEN),
  query: z.object({ sort: z.literal(NEWEST_WINDOW.sort), per_page: z.literal(NEWEST_WINDOW.perPage) }),
  /** When the relay's request started (ISO 8601): the answer holds every change up to then. */
  fetched_at: z.iso.datetime(),
  /** Linq's listChatMessages answer, unchanged; the reader checks it with the API schema. */
  answer: z.unknown(),
})
export type SharedFetch = z.infer<typeof sharedSchema>

/** The relay's shared answer for the event's chat, or null when there is none or it does not fit. */
export function sharedFetchOf(envelope: WebhookEnvelope): SharedFetch | null {
  const parsed = sharedSchema.safeParse((envelope as Record<string, unknown>)[SHARED_FIELD])
  return parsed.success && parsed.data.chat_id === chatIdOf(envelope) ? parsed.data : null
}

// The relay's heartbeat. NATS being reachable says nothing of the relay process: a relay that is down leaves
// desktops connected and hearing nothing. So the relay publishes this small event (not a Linq webhook; a
// desktop that does not know it skips it) every HEARTBEAT_MS, and a desktop that hears nothing from the relay
// for SILENT_AFTER_MS counts the relay as down and polls as usual until it is heard again.
export const RELAY_HEARTBEAT = 'relay.heartbeat'
export const HEARTBEAT_MS = 2 * 60_000
export const SILENT_AFTER_MS = 3 * HEARTBEAT_MS

/** A heartbeat in the envelope every event has, so it travels (and is checked) like one. */
export function heartbeatEnvelope(now: Date, eventId: string): WebhookEnvelope {
  return {
    api_version: 'v2',
    created_at: now.toISOString(),
    event_id: eventId,
    event_type: RELAY_HEARTBEAT,
    data: {},
  }
}
