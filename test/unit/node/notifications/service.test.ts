// The notification service with the Node twins: what reaches the notifier, where a click goes, the badge.
import { describe, expect, it } from 'vitest'
import { makeChat, makeMessage } from '../../../support/domain'
import { DEFAULT_SETTINGS, type Settings } from '../../../../src/shared/domain'
import { createLogger } from '../../../../src/main/services/log'
import type { Presence } from '../../../../src/main/services/notifications/policy'
import {
  createRecordingBadge,
  createRecordingNotifier,
} from '../../../../src/main/services/notifications/recording'
import {
  SEEN_LIMIT,
  createNotificationService,
  type NotificationServiceOptions,
} from '../../../../src/main/services/notifications/service'

const chat = makeChat
const message = makeMessage

const setup = (
  initial: { presence?: Presence; settings?: Settings } = {},
  extra: Partial<NotificationServiceOptions> = {},
) => {
  const state = {
    presence: initial.presence ?? { focused: false, activeChatId: null },
    settings: initial.settings ?? DEFAULT_SETTINGS,
  }
  const notifier = createRecordingNotifier()
  const badge = createRecordingBadge()
  const opened: string[] = []
  const logs: string[] = []
  const service = createNotificationService({
    notifier,
    badge,
    // Read on every call, so a test can change them between messages as the user would.
    settings: () => state.settings,
    presence: () => state.presence,
    openChat: (id) => opened.push(id),
    logger: createLogger({ console: false, level: 'debug', sink: (line) => logs.push(line) }),
    ...extra,
  })
  return { state, notifier, badge, opened, logs, service }
}

describe('the notification service', () => {
  it('shows live inbound messages, not backfill, not the chat being read', () => {
    const { state, notifier, service } = setup()
    service.onInbound(chat(), [message({ text: 'live' })], 'live')
    service.onInbound(chat(), [message({ text: 'history' })], 'backfill')
    service.onInbound(chat(), [message({ text: 'mine', isFromMe: true, status: 'sent' })], 'live')
    state.presence = { focused: true, activeChatId: '10' }
    service.onInbound(chat(), [message({ text: 'being read' })], 'live')
    state.presence = { focused: false, activeChatId: '10' }
    service.onInbound(chat(), [message({ text: 'in the background' })], 'live')
    state.presence = { focused: true, activeChatId: '10' }
    service.onInbound(chat({ id: '11' }), [message({ chatId: '11', text: 'other chat' })], 'live')
    expect(notifier.shown.map((n) => n.body)).toEqual(['live', 'in the background', 'other chat'])
  })

  it('follows the settings as they change: off, then previews hidden', () => {
    const { state, notifier, service } = setup()
    state.settings = { ...DEFAULT_SETTINGS, notificationsEnabled: false, notificationPreviews: true }
    service.onInbound(chat(), [message()], 'live')
    expect(notifier.shown).toEqual([])
    state.settings = { ...DEFAULT_SETTINGS, notificationsEnabled: true, notificationPreviews: false }
    service.onInbound(chat(), [message({ text: 'secret' })], 'live')
    expect(notifier.shown).toEqual([{ chatId: '10', title: 'New message', body: '', tag: 'chat:10' }])
  })

  it('a click opens the chat it is about', () => {
    const { notifier, opened, service } = setup()
    service.onInbound(chat(), [message()], 'live')
    service.onInbound(chat({ id: '11' }), [message({ chatId: '11' })], 'live')
    notifier.click('chat:11')
    expect(opened).toEqual(['11'])
    notifier.click('chat:10')
    expect(opened).toEqual(['11', '10'])
    expect(notifier.open.size).toBe(0)
  })

  it('opening the chat closes its notification, and only its own', () => {
    const { notifier, service } = setup()
    service.onInbound(chat(), [message()], 'live')
    service.onInbound(chat({ id: '11' }), [message({ chatId: '11' })], 'live')
    service.clearChat('10')
    expect([...notifier.open.keys()]).toEqual(['chat:11'])
    // Nothing open for the chat: a no-op.
    expect(() => service.clearChat('10')).not.toThrow()
    expect(() => service.clearChat('nope')).not.toThrow()
  })

  it('a newer message replaces the chat’s older notification', () => {
    const { notifier, opened, service } = setup()
    service.onInbound(chat(), [message({ text: 'one' })], 'live')
    service.onInbound(chat(), [message({ text: 'two' })], 'live')
    expect(notifier.shown.map((n) => n.body)).toEqual(['one', 'two'])
    expect([...notifier.open.values()].map((n) => n.content.body)).toEqual(['two'])
    notifier.click('chat:10')
    expect(opened).toEqual(['10'])
  })

  it('never notifies the same message twice', () => {
    const { notifier, service } = setup()
    const first = message({ text: 'first' })
    service.onInbound(chat(), [first], 'live')
    service.onInbound(chat(), [first], 'live')
    expect(notifier.shown).toHaveLength(1)
    // A poll that overlaps: only the new message counts, with no "+1 more" for the one already shown.
    service.onInbound(chat(), [first, message({ text: 'second' })], 'live')
    expect(notifier.shown.map((n) => n.body)).toEqual(['first', 'second'])
  })

  it('a message seen as history or while being read does not notify later', () => {
    const { state, notifier, service } = setup()
    const old = message({ text: 'old' })
    service.onInbound(chat(), [old], 'backfill')
    service.onInbound(chat(), [old], 'live')
    state.presence = { focused: true, activeChatId: '10' }
    const read = message({ text: 'read' })
    service.onInbound(chat(), [read], 'live')
    state.presence = { focused: false, activeChatId: null }
    service.onInbound(chat(), [read], 'live')
    expect(notifier.shown).toEqual([])
  })

  it('remembers a bounded number of ids, forgetting the oldest', () => {
    const { notifier, service } = setup()
    const first = message({ text: 'first' })
    service.onInbound(chat(), [first], 'live')
    for (let i = 0; i < SEEN_LIMIT; i++) service.onInbound(chat(), [message()], 'backfill')
    // Long forgotten: memory stays bounded, so it may notify again.
    service.onInbound(chat(), [first], 'live')
    expect(notifier.shown.map((n) => n.body)).toEqual(['first', 'first'])
  })

  it('keeps the badge at the unread total, writing only changes', () => {
    const { badge, service } = setup()
    service.setUnreadTotal(3)
    service.setUnreadTotal(3)
    service.setUnreadTotal(5)
    service.setUnreadTotal(0)
    service.setUnreadTotal(0)
    expect(badge.history).toEqual([3, 5, 0])
    expect(badge.count).toBe(0)
  })

  it('the badge still updates with notifications turned off', () => {
    const { badge, notifier, service } = setup({
      settings: { ...DEFAULT_SETTINGS, notificationsEnabled: false, notificationPreviews: true },
    })
    service.onInbound(chat(), [message()], 'live')
    service.setUnreadTotal(1)
    expect(notifier.shown).toEqual([])
    expect(badge.count).toBe(1)
  })

  it('a notifier that throws is logged, not thrown; the next message still notifies', () => {
    const { service, logs, notifier } = setup()
    const show = notifier.show
    notifier.show = () => {
      throw new Error('no notification daemon')
    }
    expect(() => service.onInbound(chat(), [message({ text: 'lost' })], 'live')).not.toThrow()
    expect(logs.join('\n')).toMatch(/notification failed.*no notification daemon/)
    // No message text in the log.
    expect(logs.join('\n')).not.toMatch(/lost/)
    notifier.show = show
    service.onInbound(chat(), [message({ text: 'shown' })], 'live')
    expect(notifier.shown.map((n) => n.body)).toEqual(['shown'])
  })

  it('a notifier that is unsupported or fails to close, and a badge that throws, are survived', () => {
    const { service, logs, notifier, badge } = setup()
    notifier.isSupported = () => false
    service.onInbound(chat(), [message()], 'live')
    expect(notifier.shown).toEqual([])

    notifier.isSupported = () => true
    const show = notifier.show
    notifier.show = (content, onClick) => {
      show(content, onClick)
      return {
        close() {
          throw new Error('already gone')
        },
      }
    }
    service.onInbound(chat(), [message()], 'live')
    expect(() => service.clearChat('10')).not.toThrow()

    const set = badge.set
    badge.set = () => {
      throw new Error('no dock')
    }
    expect(() => service.setUnreadTotal(2)).not.toThrow()
    expect(logs.join('\n')).toMatch(/badge update failed.*no dock/)
    // The failed write is retried the next time, not skipped as "unchanged".
    badge.set = set
    service.setUnreadTotal(2)
    expect(badge.history).toEqual([2])
  })

  it('an openChat that throws does not escape the click', () => {
    const notifier = createRecordingNotifier()
    const logs: string[] = []
    const service = createNotificationService({
      notifier,
      badge: createRecordingBadge(),
      settings: () => DEFAULT_SETTINGS,
      presence: () => ({ focused: false, activeChatId: null }),
      openChat: () => {
        throw new Error('window gone')
      },
      logger: createLogger({ console: false, sink: (line) => logs.push(line) }),
    })
    service.onInbound(chat(), [message()], 'live')
    expect(() => notifier.click('chat:10')).not.toThrow()
    expect(logs.join('\n')).toMatch(/window gone/)
  })

  it('dispose closes what is open and stops further notifications and clicks', () => {
    const { notifier, opened, service, badge } = setup()
    service.onInbound(chat(), [message()], 'live')
    const stale = notifier.open.get('chat:10')!
    service.dispose()
    expect(notifier.open.size).toBe(0)
    stale.handlers.onClick()
    expect(opened).toEqual([])
    service.onInbound(chat(), [message()], 'live')
    service.setUnreadTotal(4)
    expect(notifier.shown).toHaveLength(1)
    expect(badge.history).toEqual([])
  })
})

describe('muting, reading elsewhere and replying', () => {
  it('asks whether the chat is muted for each message', () => {
    const muted = new Set(['10'])
    const { notifier, service } = setup({}, { isMuted: (chatId) => muted.has(chatId) })
    service.onInbound(chat(), [message({ id: 'm1' })], 'live')
    muted.clear()
    service.onInbound(chat(), [message({ id: 'm2', text: 'now' })], 'live')
    expect(notifier.shown.map((n) => n.body)).toEqual(['now'])
  })

  it('closes the notifications of chats that were read, and only those', () => {
    const { notifier, service } = setup()
    service.onInbound(chat(), [message()], 'live')
    service.onInbound(chat({ id: '11' }), [message({ chatId: '11' })], 'live')
    service.clearRead([chat({ unreadCount: 0 }), chat({ id: '11', unreadCount: 2 })])
    expect([...notifier.open.keys()]).toEqual(['chat:11'])
  })

  it('hands a reply to the outbox with its chat; an empty one or a failure is only logged', async () => {
    const replies: [string, string][] = []
    let fail = false
    const { notifier, service, logs } = setup(
      {},
      {
        reply: async (chatId, text) => {
          if (fail) throw new Error('signed out')
          replies.push([chatId, text])
        },
      },
    )
    service.onInbound(chat(), [message({ id: 'a' })], 'live')
    notifier.reply('chat:10', 'On my way')
    service.onInbound(chat(), [message({ id: 'b' })], 'live')
    notifier.reply('chat:10', '  ')
    fail = true
    service.onInbound(chat(), [message({ id: 'c' })], 'live')
    notifier.reply('chat:10', 'Lost?')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(replies).toEqual([['10', 'On my way']])
    expect(logs.join('\n')).toMatch(/reply from notification not queued.*signed out/)
    // The reply's words are never logged.
    expect(logs.join('\n')).not.toMatch(/Lost\?|On my way/)
  })
})
