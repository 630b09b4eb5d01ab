// Contacts (answered in Linq's StandardError format): they keep state, answer the documented shapes and send
// the contact.* webhooks.
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../context'
import { sendStandardError } from '../errors'
import type { SandboxState } from '../state'
import type { WireContact } from '../types'
import { contactData } from '../webhook-payloads'
import { API, intParam, normalizePhone } from './params'

const CONTACT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone_number',
  'company',
  'title',
  'location',
] as const

const fullName = (c: Partial<WireContact>) => [c.first_name, c.last_name].filter(Boolean).join(' ')

/** A new contact of the organization, kept in the state (the API's create, and the demo's seed). */
export function addContact(state: SandboxState, fields: Partial<WireContact>, now: string): WireContact {
  const contact: WireContact = {
    id: state.nextId('contact'),
    first_name: '',
    last_name: '',
    email: '',
    phone_number: '',
    company: '',
    title: '',
    location: '',
    ...fields,
    full_name: fullName(fields),
    image_url: null,
    created_at: now,
    updated_at: now,
    contact_owner: {
      id: 1,
      email: 'owner@example.com',
      first_name: 'Demo',
      last_name: 'Owner',
      name: 'Demo Owner',
    },
  }
  state.contacts.set(contact.id, contact)
  return contact
}

export function registerContactRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { state } = ctx
  const iso = () => new Date(ctx.now()).toISOString()

  const contactInput = (raw: unknown, requireOne: boolean): Partial<WireContact> | string => {
    const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const contact = input.contact
    if (typeof contact !== 'object' || contact === null) return 'contact is required'
    const fields: Partial<WireContact> = {}
    for (const name of CONTACT_FIELDS) {
      const value = (contact as Record<string, unknown>)[name]
      if (value === undefined) continue
      if (typeof value !== 'string') return `${name} must be a string`
      fields[name] = name === 'phone_number' ? normalizePhone(value) : value
    }
    if (
      requireOne &&
      !['first_name', 'last_name', 'email', 'phone_number'].some((k) => fields[k as keyof WireContact])
    ) {
      return 'one of first_name, last_name, email or phone_number is required'
    }
    return fields
  }

  app.get(`${API}/contacts`, { config: { operationId: 'listContacts' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    const page = query.page === undefined ? 1 : intParam(query.page)
    const perPage = Math.min(100, query.per_page === undefined ? 25 : (intParam(query.per_page) ?? 0))
    if (!page || page < 1 || perPage < 1)
      return sendStandardError(reply, 400, 'page and per_page must be positive integers')
    const all = [...state.contacts.values()]
    return {
      contacts: all.slice((page - 1) * perPage, page * perPage),
      pagination: {
        current_page: page,
        per_page: perPage,
        total_pages: Math.max(1, Math.ceil(all.length / perPage)),
        total_count: all.length,
      },
    }
  })

  app.post(`${API}/contacts`, { config: { operationId: 'createContact' } }, async (request, reply) => {
    const fields = contactInput(request.body, true)
    if (typeof fields === 'string') return sendStandardError(reply, 422, 'Validation failed', [fields])
    const contact = addContact(state, fields, iso())
    ctx.emit('contact.created', contactData(contact))
    return reply.code(201).send({ data: contact })
  })

  app.get(`${API}/contacts/find`, { config: { operationId: 'findContact' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>
    const email = typeof query.email === 'string' ? query.email.toLowerCase() : undefined
    const phone = typeof query.phone_number === 'string' ? normalizePhone(query.phone_number) : undefined
    if (!email && !phone) return sendStandardError(reply, 400, 'email or phone_number is required')
    const found = [...state.contacts.values()].find(
      (c) => (email && c.email.toLowerCase() === email) || (phone && c.phone_number === phone),
    )
    return found ?? { contact: null }
  })

  const contactOr404 = (params: unknown, reply: Parameters<typeof sendStandardError>[0]) => {
    const id = intParam((params as Record<string, unknown>).id)
    const contact = id === null ? undefined : state.contacts.get(id)
    if (!contact) sendStandardError(reply, 404, 'Contact not found')
    return contact
  }
  app.get(`${API}/contacts/:id`, { config: { operationId: 'getContact' } }, async (request, reply) => {
    const contact = contactOr404(request.params, reply)
    return contact ? { data: contact } : reply
  })
  for (const [method, operationId] of [
    ['PUT', 'updateContact'],
    ['PATCH', 'partiallyUpdateContact'],
  ] as const) {
    app.route({
      method,
      url: `${API}/contacts/:id`,
      config: { operationId },
      handler: async (request, reply) => {
        const contact = contactOr404(request.params, reply)
        if (!contact) return reply
        const fields = contactInput(request.body, false)
        if (typeof fields === 'string') return sendStandardError(reply, 422, 'Validation failed', [fields])
        Object.assign(contact, fields, { updated_at: iso() })
        contact.full_name = fullName(contact)
        ctx.emit('contact.updated', contactData(contact))
        return { data: contact }
      },
    })
  }
  app.delete(`${API}/contacts/:id`, { config: { operationId: 'deleteContact' } }, async (request, reply) => {
    const contact = contactOr404(request.params, reply)
    if (!contact) return reply
    state.contacts.delete(contact.id)
    ctx.emit('contact.deleted', { id: contact.id })
    return reply.code(204).send()
  })
}
