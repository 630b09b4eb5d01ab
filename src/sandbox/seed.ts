// The demo workspace: deterministic for a seed and a start time, laid out backwards from "now" so it looks
// fresh. Three Linq numbers, ~60 chats across iMessage/SMS/RCS, groups, images and PDFs, reactions, edits,
// and one 10,000-message chat for performance work.
import { gradientPng, simplePdf } from './png'
import { pick, seededRandom } from './random'
import { SandboxState, type MediaBlob } from './state'
import { REACTION_TYPES, type Service, type WireChatHandle, type WireChatMessage } from './types'

export interface SeedOptions {
  seed: number
  now: number
  chatCount: number
  bigChatSize: number
}

const FIRST = [
  'Maya',
  'Jordan',
  'Priya',
  'Luis',
  'Hannah',
  'Omar',
  'Chloe',
  'Marcus',
  'Sofia',
  'Ethan',
  'Aisha',
  'Noah',
  'Grace',
  'Diego',
  'Leah',
  'Samuel',
  'Zoe',
  'Ravi',
  'Emma',
  'Tyler',
  'Nina',
  'Caleb',
  'Ivy',
  'Mateo',
  'Ruth',
  'Kenji',
]
const LAST = [
  'Patel',
  'Ellis',
  'Nguyen',
  'Garcia',
  'Brooks',
  'Haddad',
  'Kim',
  'Johnson',
  'Rossi',
  'Walker',
  'Okafor',
  'Bennett',
  'Lopez',
  'Schmidt',
  'Cohen',
  'Murphy',
  'Tanaka',
  'Fischer',
  'Reyes',
  'Hughes',
]
const GROUPS = [
  'Kitchen remodel crew',
  'Saturday pickup',
  'Wedding planning',
  'Office move',
  'Team offsite',
  'Spring catalog',
]
const INBOUND = [
  'Hi! Is my order ready for pickup?',
  'Can I move my appointment to Thursday?',
  'Thanks so much, that works.',
  'What time do you open tomorrow?',
  'The package arrived but one item is missing.',
  'Do you have this in a size M?',
  'Running 10 minutes late, sorry!',
  'Could you send me the invoice again?',
  'Perfect, see you then 👍',
  'Is parking available near the shop?',
  'Just confirming for 3pm today.',
  'Can I pay by card when I arrive?',
  'Love it, thank you!',
  'Any update on the delivery?',
  'How long does the repair usually take?',
  'Can you hold it until Friday?',
  'Got it. One more question — is there a warranty?',
  'Sounds great.',
]
const OUTBOUND = [
  'Hi! Yes, it is ready — we are open until 6pm.',
  'Absolutely, Thursday at 2pm is free. Shall I book it?',
  'Thanks for letting us know. We will send the missing item today.',
  'We open at 9am tomorrow.',
  'Here is your invoice: https://example.com/invoices/4821',
  'No problem, see you soon!',
  'Your delivery is out for delivery and should arrive by 5pm.',
  'Yes, card and Apple Pay both work.',
  'The repair takes about 3 business days.',
  'Of course — we will hold it for you until Friday.',
  'Great question! Every repair has a 12-month warranty.',
  'Thanks for choosing us 🙏',
]
const COLOURS: [number, number, number][] = [
  [255, 159, 67],
  [72, 219, 251],
  [29, 209, 161],
  [255, 107, 129],
  [165, 94, 234],
  [84, 160, 255],
  [254, 202, 87],
]

export function seedWorkspace(state: SandboxState, options: SeedOptions): void {
  const random = seededRandom(options.seed)
  const numbers = ['+14155550101', '+14155550102', '+14155550103']
  state.phoneNumbers = numbers.map((phone, i) => ({
    id: state.nextId('phone'),
    phone_number: phone,
    forwarding_number: i === 0 ? '+14155559000' : null,
    response_rate: 10,
  }))

  // A handful of real files shared by many attachments keeps the seed fast.
  const images: MediaBlob[] = COLOURS.slice(0, 5).map((colour, i) => ({
    id: '',
    filename: `photo-${i + 1}.png`,
    mimeType: 'image/png',
    bytes: gradientPng(320, 240, colour, COLOURS[(i + 3) % COLOURS.length]!),
    size: 0,
  }))
  const pdfs: MediaBlob[] = ['Invoice 4821', 'Service agreement', 'Delivery receipt'].map((title) => ({
    id: '',
    filename: `${title.toLowerCase().replace(/ /g, '-')}.pdf`,
    mimeType: 'application/pdf',
    bytes: simplePdf(title),
    size: 0,
  }))
  let mediaCounter = 0
  const attach = (template: MediaBlob) => {
    mediaCounter++
    const hex = (options.seed * 7919 + mediaCounter).toString(16).padStart(12, '0').slice(-12)
    const blob: MediaBlob = {
      ...template,
      id: `5a1d0000-0000-4000-8000-${hex}`,
      size: template.bytes!.length,
    }
    state.media.set(blob.id, blob)
    return blob
  }

  const person = () => `${pick(random, FIRST)} ${pick(random, LAST)}`
  const phone = () =>
    `+1${pick(random, ['212', '310', '415', '512', '617', '646', '718', '773'])}555${String(Math.floor(random() * 10_000)).padStart(4, '0')}`
  const iso = (t: number) => new Date(t).toISOString()
  const day = 86_400_000

  const makeChat = (index: number, size: number, spanMs: number, forceOneToOne = false, name?: string) => {
    const ownNumber = numbers[index % numbers.length]!
    const service: Service = index % 10 < 5 ? 'iMessage' : index % 10 < 8 ? 'SMS' : 'RCS'
    const group = !forceOneToOne && random() < 0.15
    const people = Array.from({ length: group ? 2 + Math.floor(random() * 3) : 1 }, () => name ?? person())
    const joined = iso(options.now - spanMs - day)
    const own: WireChatHandle = {
      id: state.nextId('handle'),
      phone_number: ownNumber,
      service,
      joined_at: joined,
    }
    const others: WireChatHandle[] = people.map((p) => ({
      id: state.nextId('handle'),
      phone_number:
        service === 'iMessage' && random() < 0.2 ? `${p.split(' ')[0]!.toLowerCase()}@example.com` : phone(),
      service,
      joined_at: joined,
    }))
    const record = state.addChat({
      chat: {
        id: state.nextId('chat'),
        display_name: group ? pick(random, GROUPS) : people[0]!,
        service,
        group,
        chat_handles: [own, ...others],
      },
      ownNumber,
      ownHandleId: own.id,
    })
    // Recent activity varies by chat; the newest message is between minutes and weeks ago.
    const end = options.now - Math.floor(random() * random() * 20 * day) - 60_000
    const step = spanMs / Math.max(1, size)
    for (let i = 0; i < size; i++) {
      const sentAt = end - Math.floor((size - 1 - i) * step) - Math.floor(random() * step * 0.5)
      const fromMe = random() < 0.45
      const sender = fromMe ? own : pick(random, others)
      const newest = i >= size - 2
      const message: WireChatMessage = {
        id: state.nextId('message'),
        text: fromMe ? pick(random, OUTBOUND) : pick(random, INBOUND),
        sent_at: iso(sentAt),
        delivered_at: fromMe && newest && random() < 0.3 ? null : iso(sentAt + 2000),
        delivery_status: 'delivered',
        edited_at: random() < 0.03 ? iso(sentAt + 60_000) : null,
        // Inbound messages at the end of some chats are still unread.
        is_read: !(newest && !fromMe && random() < 0.5),
        sent_from: sender.phone_number,
        chat_handle_id: sender.id,
        attachments: [],
        reactions: [],
      }
      if (message.delivered_at === null) message.delivery_status = 'pending'
      const roll = random()
      if (roll < 0.05) message.attachments.push(state.attachment(attach(pick(random, images)), ''))
      else if (roll < 0.07) message.attachments.push(state.attachment(attach(pick(random, pdfs)), ''))
      if (random() < 0.06) {
        const reactor = fromMe ? pick(random, others) : own
        const reaction = {
          id: state.nextId('reaction'),
          chat_message_id: message.id,
          reaction: pick(random, REACTION_TYPES),
          is_from_me: reactor === own,
          from_phone: reactor.phone_number,
          sent_at: iso(sentAt + 30_000),
          created_at: iso(sentAt + 30_000),
          updated_at: iso(sentAt + 30_000),
        }
        message.reactions.push(reaction)
        state.reactions.set(reaction.id, reaction)
      }
      state.addMessage(record.chat.id, message)
    }
    return record
  }

  const big = makeChat(0, options.bigChatSize, 365 * day, true, 'Jordan Ellis')
  state.bigChatId = big.chat.id
  for (let i = 1; i < options.chatCount; i++) {
    const record = makeChat(i, 3 + Math.floor(random() * 40), (2 + random() * 28) * day)
    // Some history was deleted: those ids are simply gone, like on Linq.
    if (record.messages.length > 6 && random() < 0.2) state.removeMessage(record.messages[2]!.id)
  }
}

/** Attachment URLs are absolute; the seed runs before the port is known, so they are filled in here. */
export function absolutizeMediaUrls(state: SandboxState, baseUrl: string): void {
  for (const record of state.chats.values()) {
    for (const message of record.messages) {
      message.attachments = message.attachments.map((a) => {
        const blob = state.media.get(a.id)
        return blob ? state.attachment(blob, baseUrl) : a
      })
    }
  }
}
