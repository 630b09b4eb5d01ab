// The organization's contacts.
import { enc, type ClientContext, type JsonBody } from './client-context'
import { answers, parseWire, toContact, toContactsPage } from './map'
import type { CallOptions, Contact, ContactInput, Page, PageQuery } from './types'

function contactBody(
  input: ContactInput,
): JsonBody<'createContact'> & JsonBody<'updateContact'> & JsonBody<'partiallyUpdateContact'> {
  return {
    contact: {
      first_name: input.firstName,
      last_name: input.lastName,
      email: input.email,
      phone_number: input.phoneNumber,
      company: input.company,
      title: input.title,
      location: input.location,
    },
    user_email: input.ownerEmail,
  }
}

export function contactOperations(ctx: ClientContext) {
  const { call } = ctx
  return {
    async listContacts(query: PageQuery = {}, opts: CallOptions = {}): Promise<Page<Contact>> {
      const r = await call('listContacts', 'GET', '/contacts', {
        query: { page: query.page, per_page: query.perPage },
        ...opts,
      })
      return toContactsPage(parseWire('listContacts', answers.listContacts, r.body))
    },

    async createContact(input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
      const r = await call('createContact', 'POST', '/contacts', { json: contactBody(input), ...opts })
      return toContact(parseWire('createContact', answers.contact, r.body).data)
    },

    /** By email and/or phone number (either may match); null when none does. */
    async findContact(
      query: { email?: string; phoneNumber?: string },
      opts: CallOptions = {},
    ): Promise<Contact | null> {
      const r = await call('findContact', 'GET', '/contacts/find', {
        query: { email: query.email, phone_number: query.phoneNumber },
        ...opts,
      })
      const found = parseWire('findContact', answers.findContact, r.body)
      return 'contact' in found ? null : toContact(found)
    },

    async getContact(id: string, opts: CallOptions = {}): Promise<Contact> {
      const r = await call('getContact', 'GET', `/contacts/${enc(id)}`, opts)
      return toContact(parseWire('getContact', answers.contact, r.body).data)
    },

    async updateContact(id: string, input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
      const r = await call('updateContact', 'PUT', `/contacts/${enc(id)}`, {
        json: contactBody(input),
        ...opts,
      })
      return toContact(parseWire('updateContact', answers.contact, r.body).data)
    },

    async partiallyUpdateContact(id: string, input: ContactInput, opts: CallOptions = {}): Promise<Contact> {
      const r = await call('partiallyUpdateContact', 'PATCH', `/contacts/${enc(id)}`, {
        json: contactBody(input),
        ...opts,
      })
      return toContact(parseWire('partiallyUpdateContact', answers.contact, r.body).data)
    },

    async deleteContact(id: string, opts: CallOptions = {}): Promise<void> {
      await call('deleteContact', 'DELETE', `/contacts/${enc(id)}`, opts)
    },
  }
}
