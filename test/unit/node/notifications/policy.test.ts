// Which inbound messages deserve a notification, and what it says.
import { describe, expect, it } from 'vitest'
import { makeChat, makeMessage } from '../../../support/domain'
import {
  DEFAULT_SETTINGS,
  DND_FOREVER,
  type Attachment,
  type Message,
  type Settings,
} from '../../../../src/shared/domain'
import {
  MAX_PREVIEW,
  attachmentSummary,
  decideNotification,
  doNotDisturb,
  type NotificationInput,
} from '../../../../src/main/services/notifications/policy'

const chat = makeChat
const message = makeMessage

const file = (filename: string, mimeType: string): Attachment => ({
  id: filename,
  filename,
  mimeType,
  sizeBytes: 10,
  src: 'linq-media://' + filename,
  remoteUrl: null,
})

const on: Settings = { ...DEFAULT_SETTINGS, notificationsEnabled: true, notificationPreviews: true }
const NOW = Date.parse('2024-05-01T12:00:00Z')
const away = { focused: false, activeChatId: null }

const decide = (messages: Message[], extra: Partial<NotificationInput> = {}) =>
  decideNotification({
    chat: chat(),
    messages,
    origin: 'live',
    presence: away,
    settings: on,
    muted: false,
    now: NOW,
    ...extra,
  })

describe('which messages notify', () => {
  it('a live inbound message notifies, tagged by chat', () => {
    expect(decide([message()])).toEqual({
      chatId: '10',
      title: '+15551112222',
      body: 'Is the order ready?',
      tag: 'chat:10',
    })
  })

  it('own messages never notify, whatever their status', () => {
    for (const status of ['sent', 'delivered', 'read', 'failed'] as const) {
      expect(decide([message({ isFromMe: true, status })])).toBeNull()
    }
    // Only a received message counts, even if the isFromMe flag is off.
    expect(decide([message({ status: 'delivered' })])).toBeNull()
    expect(decide([])).toBeNull()
  })

  it('history backfill does not notify', () => {
    expect(decide([message()], { origin: 'backfill' })).toBeNull()
  })

  it('the chat being read (active, window focused) does not notify', () => {
    expect(decide([message()], { presence: { focused: true, activeChatId: '10' } })).toBeNull()
  })

  it('the active chat notifies when the window is in the background', () => {
    expect(decide([message()], { presence: { focused: false, activeChatId: '10' } })).not.toBeNull()
  })

  it('another chat notifies while the window is focused', () => {
    expect(decide([message()], { presence: { focused: true, activeChatId: '99' } })).not.toBeNull()
    expect(decide([message()], { presence: { focused: true, activeChatId: null } })).not.toBeNull()
  })

  it('notifications turned off: nothing, previews or not', () => {
    expect(decide([message()], { settings: { ...on, notificationsEnabled: false } })).toBeNull()
    expect(
      decide([message()], { settings: { ...on, notificationsEnabled: false, notificationPreviews: false } }),
    ).toBeNull()
  })

  it('own messages mixed with inbound ones: only the inbound ones count', () => {
    const own = message({ isFromMe: true, status: 'sent', text: 'mine', sentAt: '2026-11-25T10:05:00.000Z' })
    expect(decide([message({ text: 'theirs' }), own])?.body).toBe('theirs')
  })
})

describe('what a notification says', () => {
  it('with previews off: only "New message", no sender, no text', () => {
    const quiet = { ...on, notificationPreviews: false }
    expect(decide([message()], { settings: quiet })).toEqual({
      chatId: '10',
      title: 'New message',
      body: '',
      tag: 'chat:10',
    })
    const group = decide([message(), message()], {
      chat: chat({ isGroup: true, title: 'Install crew' }),
      settings: quiet,
    })
    expect(group).toEqual({ chatId: '10', title: 'New message', body: '', tag: 'chat:10' })
  })

  it('1:1: the sender as title, falling back to the chat title', () => {
    expect(decide([message()])?.title).toBe('+15551112222')
    expect(decide([message({ from: '' })])?.title).toBe('Dana Reyes')
  })

  it('group: the chat title as title, the sender before the text', () => {
    const group = decide([message({ from: 'ana@example.com', text: 'On my way' })], {
      chat: chat({ isGroup: true, title: 'Install crew' }),
    })
    expect(group).toEqual({
      chatId: '10',
      title: 'Install crew',
      body: 'ana@example.com: On my way',
      tag: 'chat:10',
    })
  })

  it('several messages: the newest, and how many more', () => {
    const older = message({ text: 'first', sentAt: '2026-11-25T10:00:00.000Z' })
    const newer = message({ text: 'second', sentAt: '2026-11-25T10:01:00.000Z' })
    expect(decide([older, newer])?.body).toBe('second (+1 more)')
    // Order of arrival does not matter; time does.
    expect(decide([newer, older])?.body).toBe('second (+1 more)')
    const group = decide([older, newer, message({ text: 'third', sentAt: '2026-11-25T10:02:00.000Z' })], {
      chat: chat({ isGroup: true, title: 'Install crew' }),
    })
    expect(group?.body).toBe('+15551112222: third (+2 more)')
  })

  it('long text is clipped with an ellipsis; whitespace is folded onto one line', () => {
    const body = decide([message({ text: 'x'.repeat(300) })])!.body
    expect(Array.from(body)).toHaveLength(MAX_PREVIEW)
    expect(body.endsWith('x…')).toBe(true)
    expect(decide([message({ text: 'x'.repeat(MAX_PREVIEW) })])!.body).toBe('x'.repeat(MAX_PREVIEW))
    expect(decide([message({ text: '  line one\n\n line two  ' })])!.body).toBe('line one line two')
    const group = decide([message(), message({ text: 'y'.repeat(300) })], {
      chat: chat({ isGroup: true, title: 'Install crew' }),
    })!
    expect(group.body).toMatch(/^\+15551112222: y+… \(\+1 more\)$/)
  })

  it('clipping never splits an emoji', () => {
    const body = decide([message({ text: '😀'.repeat(200) })])!.body
    expect(body).toBe('😀'.repeat(MAX_PREVIEW - 1) + '…')
  })

  it('no text: the attachments in words; nothing at all: "New message"', () => {
    expect(decide([message({ text: '', attachments: [file('a.jpg', 'image/jpeg')] })])?.body).toBe('Photo')
    expect(
      decide([message({ text: '  ', attachments: [file('contract.pdf', 'application/pdf')] })])?.body,
    ).toBe('File: contract.pdf')
    // Text wins over attachments.
    expect(decide([message({ text: 'see pic', attachments: [file('a.jpg', 'image/jpeg')] })])?.body).toBe(
      'see pic',
    )
    // A deleted or empty message still says something.
    expect(decide([message({ text: '' })])?.body).toBe('New message')
    const group = decide([message({ text: '' })], { chat: chat({ isGroup: true, title: 'Install crew' }) })
    expect(group?.body).toBe('+15551112222: New message')
  })
})

describe('attachmentSummary', () => {
  it('names photos, videos and files', () => {
    expect(attachmentSummary([])).toBeNull()
    expect(attachmentSummary([file('a.jpg', 'image/jpeg')])).toBe('Photo')
    expect(attachmentSummary([file('a.jpg', 'image/jpeg'), file('b.png', 'image/png')])).toBe('2 photos')
    expect(attachmentSummary([file('a.mov', 'video/quicktime')])).toBe('Video')
    expect(attachmentSummary([file('a.mov', 'video/quicktime'), file('b.mp4', 'video/mp4')])).toBe('2 videos')
    expect(attachmentSummary([file('contract.pdf', 'application/pdf')])).toBe('File: contract.pdf')
  })

  it('a mix counts as attachments', () => {
    expect(attachmentSummary([file('a.jpg', 'image/jpeg'), file('c.pdf', 'application/pdf')])).toBe(
      '2 attachments',
    )
    expect(
      attachmentSummary([
        file('a.jpg', 'image/jpeg'),
        file('b.mov', 'video/quicktime'),
        file('c.pdf', 'application/pdf'),
      ]),
    ).toBe('3 attachments')
  })
})

describe('mute and do not disturb', () => {
  it('a muted chat never notifies; other chats still do', () => {
    expect(decide([message()], { muted: true })).toBeNull()
    expect(decide([message()], { muted: false })).not.toBeNull()
  })

  it('do not disturb holds until its end, then notifications come back', () => {
    expect(decide([message()], { settings: { ...on, doNotDisturbUntil: NOW + 60_000 } })).toBeNull()
    expect(decide([message()], { settings: { ...on, doNotDisturbUntil: DND_FOREVER } })).toBeNull()
    expect(decide([message()], { settings: { ...on, doNotDisturbUntil: NOW } })).not.toBeNull()
    expect(decide([message()], { settings: { ...on, doNotDisturbUntil: null } })).not.toBeNull()
    expect(doNotDisturb({ ...on, doNotDisturbUntil: NOW + 1 }, NOW)).toBe(true)
    expect(doNotDisturb({ ...on, doNotDisturbUntil: NOW - 1 }, NOW)).toBe(false)
  })
})
