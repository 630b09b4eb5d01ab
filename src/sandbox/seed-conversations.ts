// Conversations: what the sandbox seeds for new chats and contacts. A few numbers are SMS-only (not on
// iMessage whatever their last digit says, see routes/availability.ts), and the demo workspace gets an
// address book: contacts for some of its customers, and a few people it has no chat with yet.
import { addContact } from './routes/contacts'
import type { SandboxState } from './state'
import type { WireContact } from './types'

/** Numbers the availability check answers "not on iMessage" for (valid numbers, for the new-chat screen). */
export const SMS_ONLY_NUMBERS = ['+14155550172', '+14155550174', '+442079460956'] as const

/** People with no chat in the seed: a new chat with them finds nothing and creates one. */
export const NEW_PEOPLE = [
  { first_name: 'Amélie', last_name: 'Laurent', phone_number: '+33612345678', company: 'Atelier Laurent' },
  { first_name: 'Kenji', last_name: 'Sato', phone_number: '+81312345678', company: 'Sato Trading' },
  { first_name: 'Priya', last_name: 'Raman', phone_number: '+14155550172', company: '' },
] as const

export function seedSmsOnly(state: SandboxState): void {
  for (const phone of SMS_ONLY_NUMBERS) state.smsOnly.add(phone)
}

/** Contacts for the first `count` one-to-one customers with a phone number, plus NEW_PEOPLE. */
export function seedContacts(state: SandboxState, now: number, count = 8): void {
  const iso = new Date(now).toISOString()
  const add = (fields: Pick<WireContact, 'first_name' | 'last_name' | 'phone_number' | 'company'>) =>
    addContact(state, fields, iso)
  // The customer's name is the one-to-one chat's name in the seed.
  const customers = [...state.chats.values()]
    .filter((r) => !r.chat.group && r.chat.id !== state.bigChatId)
    .map((r) => ({
      name: r.chat.display_name,
      handle: r.chat.chat_handles.find((h) => h.id !== r.ownHandleId && h.phone_number.startsWith('+')),
    }))
    .filter((c) => c.handle !== undefined)
    .slice(0, count)
  for (const [i, { name, handle }] of customers.entries()) {
    const [first = '', ...rest] = name.split(' ')
    add({
      first_name: first,
      last_name: rest.join(' '),
      phone_number: handle!.phone_number,
      company: i % 2 === 0 ? 'Walk-in customer' : '',
    })
  }
  for (const person of NEW_PEOPLE) add(person)
}
