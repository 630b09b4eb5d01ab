// Conversations: the workspace's Linq contacts, kept in a document of their own beside the cache
// (contacts.json, schema-checked on load), refreshed page by page at start, on a slow schedule (its own
// capped timer, backing off after failures) and when the user asks. Saving a contact goes to Linq first;
// the renderer shows it at once and puts it back when this refuses.
import { z } from 'zod'
import { CONVERSATION_LIMITS, type ContactCard } from '../../../shared/domain'
import { errorMessage } from '../../../shared/error-message'
import { backoffDelay } from '../async/backoff'
import { capDelay, delayTimer } from '../async/delay'
import type { StoreEngine } from '../cache/engine'
import type { Contact, LinqClient } from '../linq-api'
import type { Logger } from '../log'
import type { OnDamage } from '../persist/documents'
import { phoneDigits } from '../phone'
import { openStoredList } from '../persist/stored-list'

/** How often contacts are fetched again while the workspace is open. */
export const CONTACTS_REFRESH_MS = 15 * 60_000
const MAX_CONTACTS = 50_000
const MAX_PAGES = MAX_CONTACTS / 100

const field = z.string().max(CONVERSATION_LIMITS.maxContactField)
const cardSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(CONVERSATION_LIMITS.maxContactField * 2),
  firstName: field,
  lastName: field,
  email: z.string().max(254),
  company: field,
  phoneNumber: z.string().max(32),
})

export function toCard(contact: Contact): ContactCard {
  const name =
    contact.fullName.trim() ||
    [contact.firstName, contact.lastName].filter(Boolean).join(' ') ||
    contact.company ||
    contact.email
  return {
    id: contact.id,
    name,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    company: contact.company,
    phoneNumber: contact.phoneNumber,
  }
}

/** Contacts by their number's digits; the first contact listed with a number wins, as a scan would find. */
function indexByDigits(contacts: readonly ContactCard[]): Map<string, ContactCard> {
  const index = new Map<string, ContactCard>()
  for (const contact of contacts) {
    const digits = phoneDigits(contact.phoneNumber)
    if (digits && !index.has(digits)) index.set(digits, contact)
  }
  return index
}

export type ContactSave = Omit<ContactCard, 'id' | 'name'> & { id: string | null }

export function createContacts(options: {
  dir: string
  engine: StoreEngine
  logger: Logger
  onDamage?: OnDamage
  client: Pick<LinqClient, 'listContacts' | 'createContact' | 'updateContact'>
  onChange(contacts: ContactCard[]): void
  refreshMs?: number
  random?: () => number
}) {
  const { client, logger } = options
  const list = openStoredList({
    ...options,
    name: 'contacts',
    document: 'contacts',
    version: 1,
    schema: cardSchema,
    max: MAX_CONTACTS,
  })
  let contacts: ContactCard[] = list.items
  // nameOf runs for every notification and every indexed chat: look numbers up, don't scan the book.
  let byDigits = indexByDigits(contacts)
  let timer: NodeJS.Timeout | null = null
  let failures = 0
  let running = false
  let refreshing: Promise<ContactCard[]> | null = null

  const replace = (next: ContactCard[]) => {
    contacts = next
    byDigits = indexByDigits(contacts)
    list.save(contacts)
    options.onChange(contacts)
  }

  const fetchAll = async (): Promise<ContactCard[]> => {
    const all: ContactCard[] = []
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await client.listContacts({ page, perPage: 100 })
      all.push(...answer.items.map(toCard))
      if (page >= answer.totalPages) break
    }
    return all
  }

  const arm = () => {
    if (!running) return
    if (timer) clearTimeout(timer)
    const base = options.refreshMs ?? CONTACTS_REFRESH_MS
    // After failures the next try comes sooner than the slow schedule, never later than it.
    const wait =
      failures === 0 ? base : backoffDelay(failures, { baseMs: 5_000, maxMs: base }, options.random)
    timer = delayTimer(() => void refresh().catch(() => undefined), capDelay(wait, { minMs: 1_000 }))
  }

  /** Fetches every page again; one refresh at a time (a second caller shares it). */
  function refresh(): Promise<ContactCard[]> {
    refreshing ??= fetchAll()
      .then((all) => {
        failures = 0
        replace(all)
        return all
      })
      .catch((error: unknown) => {
        failures++
        logger.info('contacts refresh failed', { error: errorMessage(error) })
        throw error
      })
      .finally(() => {
        refreshing = null
        arm()
      })
    return refreshing
  }

  return {
    start(): void {
      running = true
      void refresh().catch(() => undefined)
    },
    list: (): ContactCard[] => contacts,
    /** The contact with this number (compared by digits), if any. */
    byNumber: (handle: string): ContactCard | undefined => byDigits.get(phoneDigits(handle)),
    refresh,
    async save(input: ContactSave): Promise<ContactCard> {
      const fields = {
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email,
        company: input.company,
        phoneNumber: input.phoneNumber,
      }
      const saved = toCard(
        input.id === null ? await client.createContact(fields) : await client.updateContact(input.id, fields),
      )
      replace([...contacts.filter((c) => c.id !== saved.id), saved])
      return saved
    },
    stop(): void {
      running = false
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
