// Which messages notify, what the notification says, where a click goes, and the badge.
import { describe, expect, it } from 'vitest'
import type { Attachment, Chat, Message, Settings } from '../../../../src/shared/domain'
import { createLogger } from '../../../../src/main/services/log'
import { attachmentSummary, decideNotification } from '../../../../src/main/services/notifications/policy'
import {
  createRecordingBadge,
  createRecordingNotifier,
} from '../../../../src/main/services/notifications/recording'
import { createNotificationService } from '../../../../src/main/services/notifications/service'

const chat = (extra: Partial<Chat> = {}): Chat => ({
  id: '10',
  phoneNumber: '+15550000001',
  title: 'Dana Reyes',
  service: 'iMessage',
  isGroup: false,
  participants: [{ id: '1', handle: '+15551112222', service: 'iMessage' }],
  messageCount: 3,
  lastMessage: null,
  lastActivityAt: null,
  unreadCount: 1,
  ...extra,
})
let nextId = 1
const inbound = (extra: Partial<Message> = {}): Message => ({
  id: String(nextId++),
  chatId: '10',
  localId: null,
  text: 'Is the order ready?',
  sentAt: '2026-11-25T10:00:00.000Z',
  isFromMe: false,
  from: '+15551112222',
  status: 'received',
  failure: null,
  upload: null,
  editedAt: null,
  attachments: [],
  reactions: [],
  ...extra,
})
const file = (filename: string, mimeType: string): Attachment => ({
  id: filename,
  filename,
  mimeType,
  sizeBytes: 10,
  src: '',
  remoteUrl: null,
})
const on: Settings = { notificationsEnabled: true, notificationPreviews: true }
const away = { focused: false, activeChatId: null }

describe('the notification policy', () => {
  it('notifies live inbound messages, not own ones, not history, not the chat being read', () => {
    const decide = (messages: Message[], extra: Partial<Parameters<typeof decideNotification>[0]> = {}) =>
      decideNotification({ chat: chat(), messages, origin: 'live', presence: away, settings: on, ...extra })
    expect(decide([inbound()])).toEqual({
      chatId: '10',
      title: '+15551112222',
      body: 'Is the order ready?',
      tag: 'chat:10',
    })
    expect(decide([inbound({ isFromMe: true, status: 'sent' })])).toBeNull()
    expect(decide([inbound()], { origin: 'backfill' })).toBeNull()
    expect(decide([inbound()], { presence: { focused: true, activeChatId: '10' } })).toBeNull()
    // The chat is open but the user is in another app: they still want to know.
    expect(decide([inbound()], { presence: { focused: false, activeChatId: '10' } })).not.toBeNull()
    expect(decide([inbound()], { presence: { focused: true, activeChatId: '99' } })).not.toBeNull()
    expect(decide([inbound()], { settings: { ...on, notificationsEnabled: false } })).toBeNull()
    expect(decide([])).toBeNull()
  })

  it('says only "New message" with previews off, names the group and sender in groups, and clips', () => {
    const quiet = decideNotification({
      chat: chat(),
      messages: [inbound()],
      origin: 'live',
      presence: away,
      settings: { ...on, notificationPreviews: false },
    })
    expect(quiet).toEqual({ chatId: '10', title: 'New message', body: '', tag: 'chat:10' })
    const group = decideNotification({
      chat: chat({ isGroup: true, title: 'Install crew' }),
      messages: [inbound({ text: 'first' }), inbound({ text: 'x'.repeat(300) })],
      origin: 'live',
      presence: away,
      settings: on,
    })!
    expect(group.title).toBe('Install crew')
    expect(group.body.startsWith('+15551112222: xxx')).toBe(true)
    expect(group.body).toMatch(/… \(\+1 more\)$/)
    expect(group.body.length).toBeLessThan(180)
  })

  it('describes attachments in words', () => {
    expect(attachmentSummary([])).toBeNull()
    expect(attachmentSummary([file('a.jpg', 'image/jpeg')])).toBe('Photo')
    expect(attachmentSummary([file('a.jpg', 'image/jpeg'), file('b.png', 'image/png')])).toBe('2 photos')
    expect(attachmentSummary([file('a.mov', 'video/quicktime')])).toBe('Video')
    expect(attachmentSummary([file('contract.pdf', 'application/pdf')])).toBe('File: contract.pdf')
    expect(attachmentSummary([file('a.jpg', 'image/jpeg'), file('c.pdf', 'application/pdf')])).toBe(
      '2 attachments',
    )
    const photo = decideNotification({
      chat: chat(),
      messages: [inbound({ text: '', attachments: [file('a.jpg', 'image/jpeg')] })],
      origin: 'live',
      presence: away,
      settings: on,
    })
    expect(photo?.body).toBe('Photo')
  })
})

describe('the notification service', () => {
  const setup = (presence = away) => {
    const notifier = createRecordingNotifier()
    const badge = createRecordingBadge()
    const opened: string[] = []
    const logs: string[] = []
    const service = createNotificationService({
      notifier,
      badge,
      settings: () => on,
      presence: () => presence,
      openChat: (id) => opened.push(id),
      logger: createLogger({ console: false, sink: (l) => logs.push(l) }),
    })
    return { notifier, badge, opened, logs, service }
  }

  it('a click opens the chat it is about; opening the chat closes its notification', () => {
    const { notifier, opened, service } = setup()
    service.onInbound(chat(), [inbound()], 'live')
    service.onInbound(chat({ id: '11' }), [inbound({ chatId: '11' })], 'live')
    notifier.click('chat:11')
    expect(opened).toEqual(['11'])
    service.clearChat('10')
    expect([...notifier.open.keys()]).toEqual([])
  })

  it('never notifies the same message twice, and a newer one replaces the chat’s older one', () => {
    const { notifier, service } = setup()
    const message = inbound()
    service.onInbound(chat(), [message], 'live')
    service.onInbound(chat(), [message], 'live')
    expect(notifier.shown).toHaveLength(1)
    service.onInbound(chat(), [inbound({ text: 'hello?' })], 'live')
    expect(notifier.shown).toHaveLength(2)
    expect([...notifier.open.values()].map((n) => n.content.body)).toEqual(['hello?'])
  })

  it('keeps the badge at the unread total, writing only changes', () => {
    const { badge, service } = setup()
    service.setUnreadTotal(3)
    service.setUnreadTotal(3)
    service.setUnreadTotal(0)
    expect(badge.history).toEqual([3, 0])
  })

  it('a notifier that throws is logged, not thrown', () => {
    const { service, logs, notifier } = setup()
    notifier.show = () => {
      throw new Error('no notification daemon')
    }
    expect(() => service.onInbound(chat(), [inbound()], 'live')).not.toThrow()
    expect(logs.join('\n')).toMatch(/no notification daemon/)
  })
})
