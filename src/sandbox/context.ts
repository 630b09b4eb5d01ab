import type { WebhookEventType } from '../shared/relay-protocol'
import type { SandboxState } from './state'
import type { WireChatMessage } from './types'

export interface SandboxContext {
  state: SandboxState
  baseUrl(): string
  now(): number
  /** Where uploads are streamed. */
  uploadDir: string
  /** Called after the app sends a message, so simulated customers can answer. */
  onOutbound(chatId: number, message: WireChatMessage): void
  /** Delivers a webhook event to the subscriptions that asked for its type. */
  emit(eventType: WebhookEventType, data: Record<string, unknown>): void
}
