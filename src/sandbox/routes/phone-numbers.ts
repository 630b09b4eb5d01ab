// The organization's phone numbers (listing, call forwarding). The availability check: availability.ts.
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
}
