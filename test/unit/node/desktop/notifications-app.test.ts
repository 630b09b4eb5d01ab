// Notifications and the badge in the whole main process on the demo workspace: customers write through the
// sandbox, sync picks it up, and the Node twins record what the OS was asked to show.
import { afterEach, describe, expect, it } from 'vitest'
import { DND_FOREVER } from '../../../../src/shared/domain'
import { smallChatIds, startDesktopApp, until, type DesktopApp } from './support'

let app: DesktopApp | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

async function demo(): Promise<DesktopApp> {
  app = await startDesktopApp()
  await app.value('startDemo')
  await until(async () => (await app!.value('listChats')).chats.length > 0, 'the demo chats')
  // The first sync is over (what it finds is history, not news) and the badge has caught up with the list.
  await until(async () => (await app!.value('getSyncStatus')).state === 'online', 'the first sync')
  await until(
    async () => (await app!.value('listChats')).unreadTotal === app!.badge.count,
    'the badge at the list total',
  )
  return app
}

const tag = (chatId: number) => `chat:${chatId}`

describe('the badge', () => {
  it('shows the same unread total as the chat list, as messages arrive and are read', async () => {
    const { value, badge, sandbox } = await demo()
    const [a, b] = smallChatIds(app!)
    const listed = async () => {
      const { chats, unreadTotal } = await value('listChats')
      return { unreadTotal, sum: chats.reduce((n, c) => n + c.unreadCount, 0) }
    }
    const before = (await listed()).unreadTotal
    await until(() => badge.count === before, 'the first badge')
    sandbox().simulate.inboundMessage(a!, { text: 'one' })
    sandbox().simulate.inboundMessage(a!, { text: 'two' })
    sandbox().simulate.inboundMessage(b!, { text: 'three' })
    await until(async () => (await listed()).unreadTotal === before + 3, 'three more unread')
    await until(() => badge.count === before + 3, 'the badge to follow')
    expect(await listed()).toEqual({ unreadTotal: badge.count, sum: badge.count })
    // Every chatsChanged the window got carried the badge's number at that moment.
    const totals = app!.eventsOf('chatsChanged').map((e) => e.unreadTotal)
    expect(totals.at(-1)).toBe(badge.count)
    await value('markChatRead', { chatId: String(a) })
    await until(async () => (await listed()).unreadTotal === before + 1, 'chat a read')
    await until(() => badge.count === before + 1, 'the badge to drop')
  })
})

describe('notifications', () => {
  it('one per chat, replaced by the newest, cleared when the chat is read or opened', async () => {
    const { value, notifier, sandbox } = await demo()
    const [a, b] = smallChatIds(app!)
    sandbox().simulate.inboundMessage(a!, { text: 'Is it ready?' })
    await until(() => notifier.open.has(tag(a!)), 'a notification for chat a')
    sandbox().simulate.inboundMessage(a!, { text: 'Hello?' })
    await until(() => notifier.open.get(tag(a!))?.content.body === 'Hello?', 'the newer one')
    expect([...notifier.open.keys()]).toEqual([tag(a!)])
    sandbox().simulate.inboundMessage(b!, { text: 'Other chat' })
    await until(() => notifier.open.has(tag(b!)), 'a notification for chat b')
    expect(notifier.open.size).toBe(2)
    // Read in the app (the window marks it read): its notification goes, the other stays.
    await value('markChatRead', { chatId: String(a) })
    await until(() => !notifier.open.has(tag(a!)), 'chat a cleared')
    expect([...notifier.open.keys()]).toEqual([tag(b!)])
    await value('setActiveChat', { chatId: String(b) })
    expect(notifier.open.size).toBe(0)
  })

  it('stay quiet for a muted chat and under do not disturb, while the badge still counts', async () => {
    const { value, notifier, badge, sandbox } = await demo()
    const [a, b] = smallChatIds(app!)
    expect(await value('setChatMuted', { chatId: String(a), muted: true })).toEqual({
      mutedChatIds: [String(a)],
    })
    expect((await value('listChats')).mutedChatIds).toEqual([String(a)])
    const counted = badge.count
    const upserted = (text: string) =>
      app!.eventsOf('messagesUpserted').some((e) => e.messages.some((m) => m.text === text))
    sandbox().simulate.inboundMessage(a!, { text: 'muted' })
    await until(() => upserted('muted'), 'the muted message synced')
    expect(badge.count).toBe(counted + 1)
    sandbox().simulate.inboundMessage(b!, { text: 'not muted' })
    await until(() => notifier.open.has(tag(b!)), 'chat b notifies')
    expect(notifier.shown.map((n) => n.body)).toEqual(['not muted'])

    const settings = await value('updateSettings', { doNotDisturbUntil: DND_FOREVER })
    expect(settings.doNotDisturbUntil).toBe(DND_FOREVER)
    sandbox().simulate.inboundMessage(b!, { text: 'during dnd' })
    // Stored and judged in one step (sync's apply): once the window has it, the notifier has had its say.
    await until(() => upserted('during dnd'), 'the dnd message synced')
    expect(badge.count).toBe(counted + 3)
    // Do not disturb that has ended (a time in the past) is off again.
    await value('updateSettings', { doNotDisturbUntil: Date.now() - 1 })
    await value('setChatMuted', { chatId: String(a), muted: false })
    sandbox().simulate.inboundMessage(a!, { text: 'after' })
    await until(() => notifier.open.has(tag(a!)), 'chat a notifies again')
    expect(notifier.shown.map((n) => n.body)).toEqual(['not muted', 'after'])
  })

  it('muting a chat takes its notification off the screen', async () => {
    const { value, notifier, sandbox } = await demo()
    const [a] = smallChatIds(app!)
    sandbox().simulate.inboundMessage(a!, { text: 'ping' })
    await until(() => notifier.open.has(tag(a!)), 'a notification')
    await value('setChatMuted', { chatId: String(a), muted: true })
    expect(notifier.open.size).toBe(0)
    await expect(value('setChatMuted', { chatId: '999999', muted: true })).rejects.toThrow(
      /not in this workspace/,
    )
  })

  it('a reply from the notification is sent through the outbox and reads the chat', async () => {
    const { value, notifier, sandbox } = await demo()
    const [a] = smallChatIds(app!)
    sandbox().simulate.inboundMessage(a!, { text: 'Can you confirm?' })
    await until(() => notifier.open.has(tag(a!)), 'a notification')
    notifier.reply(tag(a!), 'Confirmed, see you at 3')
    await until(
      () =>
        sandbox()
          .state.messagesOf(a!)
          .some((m) => m.text === 'Confirmed, see you at 3'),
      'the reply at Linq',
    )
    // It went through the outbox like any send: the window saw it queued, then sent.
    const upserts = app!.eventsOf('messagesUpserted').flatMap((e) => e.messages)
    expect(upserts.some((m) => m.text === 'Confirmed, see you at 3' && m.localId !== null)).toBe(true)
    await until(
      async () => (await value('listChats')).chats.find((c) => c.id === String(a))!.unreadCount === 0,
      'read',
    )
    // An empty reply sends nothing.
    sandbox().simulate.inboundMessage(a!, { text: 'Again?' })
    await until(() => notifier.open.has(tag(a!)), 'another notification')
    const count = sandbox().state.messagesOf(a!).length
    notifier.reply(tag(a!), '   ')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(sandbox().state.messagesOf(a!).length).toBe(count)
  })

  it('a click brings the window forward and asks it to open the chat, also if it was not listening', async () => {
    const { value, notifier, sandbox } = await demo()
    const [a] = smallChatIds(app!)
    sandbox().simulate.inboundMessage(a!, { text: 'Click me' })
    await until(() => notifier.open.has(tag(a!)), 'a notification')
    notifier.click(tag(a!))
    expect(app!.focused).toBe(1)
    expect(app!.eventsOf('openChat')).toEqual([{ chatId: String(a) }])
    // A window that opens later (closed to the tray) still finds it, once.
    expect(await value('takeOpenRequest')).toEqual({ kind: 'chat', chatId: String(a) })
    expect(await value('takeOpenRequest')).toBeNull()
  })
})
