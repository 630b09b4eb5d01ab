// Contacts against the real sandbox and real files: every page is fetched, the list is kept in its own
// document (a damaged one is moved aside and fetched again), saving goes to Linq, and notifications name
// senders by their contact.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createContacts } from '../../../../src/main/services/conversations/contacts'
import { createLinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import { decideNotification } from '../../../../src/main/services/notifications/policy'
import type { DamageReport } from '../../../../src/main/services/persist/documents'
import { DEFAULT_SETTINGS, type ContactCard } from '../../../../src/shared/domain'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { makeChat, makeMessage } from '../../../support/domain'

const logger = createLogger({ console: false, sink: () => undefined })
let sandbox: Sandbox
let dir: string
const stops: (() => void)[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: 12, bigChatSize: 20, activity: false, contacts: true })
  // Enough contacts for two pages of 100.
  for (let i = 0; i < 130; i++) {
    const id = sandbox.state.nextId('contact')
    sandbox.state.contacts.set(id, {
      ...[...sandbox.state.contacts.values()][0]!,
      id,
      first_name: `Person${i}`,
      last_name: 'Paged',
      full_name: `Person${i} Paged`,
      phone_number: `+1212555${String(1000 + i)}`,
    })
  }
})
afterAll(() => sandbox.close())
afterEach(async () => {
  stops.splice(0).forEach((stop) => stop())
  await rm(dir, { recursive: true, force: true })
})

function open(damage: DamageReport[] = []) {
  const changes: ContactCard[][] = []
  const contacts = createContacts({
    dir,
    engine: confEngine,
    logger,
    onDamage: (r) => damage.push(r),
    client: createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token }),
    onChange: (list) => changes.push(list),
  })
  stops.push(() => contacts.stop())
  return { contacts, changes }
}

describe('contacts', () => {
  it('fetches every page, keeps them on disk, and loads them back before the next refresh', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-contacts-'))
    const { contacts } = open()
    const all = await contacts.refresh()
    expect(all).toHaveLength(sandbox.state.contacts.size)
    expect(all.length).toBeGreaterThan(100)
    expect(all.find((c) => c.phoneNumber === '+33612345678')).toMatchObject({ name: 'Amélie Laurent' })
    contacts.stop()
    const again = open().contacts
    expect(again.list()).toEqual(all)
  })

  it('a damaged contacts file is moved aside and the list is fetched again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-contacts-'))
    await writeFile(join(dir, 'contacts.json'), '{"schemaVersion": 1, "items": [{"id": 5}, ')
    const damage: DamageReport[] = []
    const { contacts } = open(damage)
    expect(damage).toMatchObject([{ document: 'contacts', whole: true }])
    expect(contacts.list()).toEqual([])
    expect((await contacts.refresh()).length).toBe(sandbox.state.contacts.size)
  })

  it('saving creates or updates on Linq and changes the list', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-contacts-'))
    const { contacts, changes } = open()
    await contacts.refresh()
    const fields = { firstName: 'Zoë', lastName: 'Quinn', email: '', company: 'Quinn Bikes' }
    const made = await contacts.save({ id: null, phoneNumber: '+14155550199', ...fields })
    expect(made).toMatchObject({ name: 'Zoë Quinn', phoneNumber: '+14155550199' })
    const renamed = await contacts.save({
      id: made.id,
      phoneNumber: '+14155550199',
      ...fields,
      lastName: 'Q.',
    })
    expect(renamed.name).toBe('Zoë Q.')
    expect(sandbox.state.contacts.get(Number(made.id))?.full_name).toBe('Zoë Q.')
    expect(changes.at(-1)?.filter((c) => c.id === made.id)).toEqual([renamed])
    // Looked up by digits, so the way Linq or a person writes the number doesn't matter.
    expect(contacts.byNumber('+1 (415) 555-0199')).toEqual(renamed)
    expect(contacts.byNumber('14155550199')).toEqual(renamed)
    expect(contacts.byNumber('+14155550198')).toBeUndefined()
    expect(contacts.byNumber('')).toBeUndefined()
  })

  it('finds loaded contacts by number before any refresh', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-contacts-'))
    const all = await open().contacts.refresh()
    const again = open().contacts
    const amelie = all.find((c) => c.phoneNumber === '+33612345678')
    expect(again.byNumber('+33 6 12 34 56 78')).toEqual(amelie)
  })
})

describe('notifications name senders', () => {
  it('by the name given, else as Linq reported the handle', () => {
    const input = {
      chat: makeChat({ isGroup: true, title: 'Team' }),
      messages: [makeMessage({ from: '+14155550199', text: 'On my way' })],
      origin: 'live' as const,
      presence: { focused: false, activeChatId: null },
      settings: DEFAULT_SETTINGS,
      muted: false,
      now: Date.now(),
    }
    expect(decideNotification({ ...input, nameOf: () => 'Zoë Quinn' })?.body).toBe('Zoë Quinn: On my way')
    expect(decideNotification(input)?.body).toBe('+14155550199: On my way')
  })
})
