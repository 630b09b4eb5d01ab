// Conversations: the iMessage availability check, as Linq documents it: one request per 10 s (else 429, with
// Retry-After), answered from the sandbox's data: the seeded SMS-only numbers are not on iMessage, every
// other number is by the parity of its last digit (deterministic, so tests can name both kinds).
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import type { SandboxState } from '../state'
import { API, body, normalizePhone } from './params'

/** Linq's documented limit for checkIMessageAvailability. */
export const AVAILABILITY_INTERVAL_MS = 10_000

/** Whether a (normalized) number is on iMessage in the sandbox. */
export function onIMessage(state: SandboxState, phone: string): boolean {
  if (phone.includes('@')) return true
  return !state.smsOnly.has(phone) && Number(phone.slice(-1)) % 2 === 0
}

export function registerAvailabilityRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx
  let lastAnsweredAt = Number.NEGATIVE_INFINITY

  app.post(
    `${API}/i_message_availability/check`,
    { config: { operationId: 'checkIMessageAvailability' } },
    async (request, reply) => {
      const { phone_number: phone } = body(request)
      if (typeof phone !== 'string' || phone.trim() === '')
        return sendError(reply, 422, 'phone_number is required.')
      const wait = lastAnsweredAt + AVAILABILITY_INTERVAL_MS - ctx.now()
      if (wait > 0) {
        reply.header('retry-after', String(Math.ceil(wait / 1000)))
        return sendError(reply, 429, 'Availability checks are limited to one every 10 seconds.')
      }
      lastAnsweredAt = ctx.now()
      const normalized = normalizePhone(phone)
      return { available: onIMessage(state, normalized), phone_number: normalized }
    },
  )
}
