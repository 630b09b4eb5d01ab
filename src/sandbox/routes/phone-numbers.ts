// The organization's phone numbers (listing, call forwarding) and the iMessage availability check.
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { sendError } from '../errors'
import { API, body, intParam, normalizePhone } from './params'

export function registerPhoneNumberRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx

  app.get(`${API}/phone_numbers`, { config: { operationId: 'listPhoneNumbers' } }, async () => ({
    phone_numbers: state.phoneNumbers,
  }))

  app.put(
    `${API}/phone_numbers/:id`,
    { config: { operationId: 'updatePhoneNumber' } },
    async (request, reply) => {
      const id = intParam((request.params as Record<string, unknown>).id)
      const phone = state.phoneNumbers.find((p) => p.id === id)
      if (!phone) return sendError(reply, 404, 'Phone number not found.')
      const { forwarding_number: forwarding } = body(request)
      if (forwarding !== null && typeof forwarding !== 'string')
        return sendError(reply, 422, 'forwarding_number must be a string.')
      if (typeof forwarding === 'string' && forwarding !== '' && !/^\+?[\d\s()-]{10,}$/.test(forwarding)) {
        return sendError(reply, 422, 'forwarding_number is not a valid phone number.')
      }
      phone.forwarding_number = forwarding ? normalizePhone(forwarding) : null
      return phone
    },
  )

  app.post(
    `${API}/i_message_availability/check`,
    { config: { operationId: 'checkIMessageAvailability' } },
    async (request, reply) => {
      const { phone_number: phone } = body(request)
      if (typeof phone !== 'string' || phone.trim() === '')
        return sendError(reply, 422, 'phone_number is required.')
      const normalized = normalizePhone(phone)
      // Deterministic answer: numbers ending in an even digit "have" iMessage.
      return { available: Number(normalized.slice(-1)) % 2 === 0, phone_number: normalized }
    },
  )
}
