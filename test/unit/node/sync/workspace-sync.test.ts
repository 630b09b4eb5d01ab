// A workspace's services (cache on conf, sync, outbox, notifications) against the sandbox, with quick
// polling. What the renderer would receive is read from the event hub.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EventName, EventPayload } from '../../../../src/shared/contract'
import { DEFAULT_SETTINGS, type Workspace } from '../../../../src/shared/domain'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createEventHub } from '../../../../src/main/services/events'
import { createLinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import {
  createRecordingBadge,
  createRecordingNotifier,
} from '../../../../src/main/services/notifications/recording'
import { openWorkspace, type OpenWorkspace } from '../../../../src/main/services/workspace/workspace'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'

let sandbox: Sandbox
let dir: string
let open: OpenWorkspace[] = []
let numbers: Workspace['phoneNumbers']

beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: 10, bigChatSize: 300, activity: false, seed: 3 })
  numbers = await createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token }).listPhoneNumbers()
})
afterAll(() => sandbox.close())
afterEach(async () => {
  sandbox.faults.clear()
  for (const ws of open) await ws.dispose()
  open = []
  if (dir) await rm(dir, { recursive: true, force: true })
})

async function start(options: { fresh?: boolean } = {}) {
  if (options.fresh !== false) dir = await mkdtemp(join(tmpdir(), 'linq-ws-'))
  const events = createEventHub()
  const seen: { event: EventName; payload: unknown }[] = []
  events.subscribe((event, payload) => seen.push({ event, payload }))
  const notifier = createRecordingNotifier()
  const badge = createRecordingBadge()
  const workspace: Workspace = {
    id: 'test',
    kind: 'demo',
    name: 'Test',
    baseUrl: sandbox.baseUrl,
    phoneNumbers: numbers,
  }
  const opened: string[] = []
  const ws = openWorkspace({
    workspace,
    token: sandbox.token,
    dir,
    engine: confEngine,
    logger: createLogger({ console: false, sink: () => undefined }),
    events,
    mediaSrc: (p) => '/media/' + p,
    notifier,
    badge,
    settings: () => DEFAULT_SETTINGS,
    openChat: (id) => opened.push(id),
    intervals: {
      activeFocusedMs: 50,
      activeVisibleMs: 50,
      listFocusedMs: 100,
      listVisibleMs: 100,
      hiddenMs: 200,
      backoffBaseMs: 50,
      backoffMaxMs: 200,
    },
  })
  open.push(ws)
  await ws.start()
  const events_ = <E extends EventName>(name: E) =>
    seen.filter((s) => s.event === name).map((s) => s.payload as EventPayload<E>)
  return { ws, events: events_, notifier, badge, opened }
}

async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** What the renderer would read: the chat list and a chat's newest messages, through the interface. */
const chatsOf = (ws: OpenWorkspace) => ws.listChats().chats
const chatOf = (ws: OpenWorkspace, chatId: string) => chatsOf(ws).find((c) => c.id === chatId)
const messageOf = async (ws: OpenWorkspace, chatId: string, messageId: string) =>
  (await ws.listMessages(chatId)).messages.find((m) => m.id === messageId)
const allFilled = (ws: OpenWorkspace) =>
  ws.syncStatus().state === 'online' && chatsOf(ws).every((c) => c.lastMessage)

const smallChats = () =>
  [...sandbox.state.chats.values()].filter((r) => r.chat.id !== sandbox.state.bigChatId)

describe('sync', () => {
  it('lists every chat of every number, fills their last messages, and reports online', async () => {
    const { ws, events } = await start()
    await until(() => allFilled(ws))
    expect(chatsOf(ws)).toHaveLength(sandbox.state.chats.size)
    expect(events('syncStatus').at(-1)).toMatchObject({ state: 'online', nextRetryAt: null })
    const record = smallChats()[0]!
    const newest = sandbox.state.messagesOf(record.chat.id).at(-1)!
    expect(chatOf(ws, String(record.chat.id))!.lastMessage?.text).toBe(newest.text)
  })

  it('opens from the cache with no network, shows offline with the next try, and catches up when it is back', async () => {
    const first = await start()
    await until(() => allFilled(first.ws))
    const chatCount = chatsOf(first.ws).length
    await first.ws.dispose()
    open = []

    sandbox.faults.set({ rules: [{ reset: true }] })
    const again = await start({ fresh: false })
    expect(again.ws.listChats().chats).toHaveLength(chatCount)
    const offline = await until(() => again.events('syncStatus').find((s) => s.state === 'offline'))
    expect(offline.nextRetryAt).toBeGreaterThan(Date.now() - 1_000)
    expect(offline.detail).toMatch(/reach Linq/)

    const record = smallChats()[1]!
    sandbox.faults.clear()
    sandbox.simulate.inboundMessage(record.chat.id, { text: 'back online?' })
    await until(() => again.ws.syncStatus().state === 'online')
    await until(() => chatOf(again.ws, String(record.chat.id))!.lastMessage?.text === 'back online?')
  })

  it('a new inbound message in another chat notifies; in the open, focused chat it is marked read instead', async () => {
    const { ws, notifier, events, badge } = await start()
    await until(() => allFilled(ws))
    const [open, other] = smallChats()
    ws.setActiveChat(String(open!.chat.id))
    ws.setPresence({ focused: true, visible: true })

    sandbox.simulate.inboundMessage(other!.chat.id, { text: 'Can I pay by card?' })
    const shown = await until(() => notifier.shown.find((n) => n.body === 'Can I pay by card?'))
    expect(shown.chatId).toBe(String(other!.chat.id))
    expect(
      events('messagesUpserted').some((e) => e.messages.some((m) => m.text === 'Can I pay by card?')),
    ).toBe(true)
    await until(() => badge.count > 0)

    sandbox.simulate.inboundMessage(open!.chat.id, { text: 'I am in the open chat' })
    await until(async () =>
      (await ws.listMessages(String(open!.chat.id))).messages.some((m) => m.text === 'I am in the open chat'),
    )
    await until(() => chatOf(ws, String(open!.chat.id))!.unreadCount === 0)
    expect(notifier.shown.some((n) => n.body === 'I am in the open chat')).toBe(false)
    // The local count drops at once; Linq hears about it with the markChatAsRead call that follows.
    await until(() =>
      sandbox.state.messagesOf(open!.chat.id).every((m) => m.is_read || m.sent_from === open!.ownNumber),
    )
  })

  it('edits, deletions, reactions and delivery changes on the open chat arrive through polling', async () => {
    const { ws, events } = await start()
    await until(() => allFilled(ws))
    const record = smallChats()[2]!
    const chatId = String(record.chat.id)
    ws.setActiveChat(chatId)
    const sent = await ws.sendMessage(chatId, 'typo hree', [])
    expect(sent.status).toBe('queued')
    const replaced = await until(() =>
      events('messagesUpserted').find((e) => e.replacedIds.includes(sent.localId!)),
    )
    const serverId = replaced.messages[0]!.id
    expect(replaced.messages[0]).toMatchObject({ localId: sent.localId, status: 'sent' })

    sandbox.simulate.advanceDeliveries()
    await until(async () => (await messageOf(ws, chatId, serverId))?.status === 'delivered')
    // Changed on the server by someone else (another device): the next poll brings it.
    const wire = sandbox.state.messagesOf(record.chat.id).find((m) => String(m.id) === serverId)!
    wire.text = 'typo here'
    wire.edited_at = new Date().toISOString()
    await until(async () => (await messageOf(ws, chatId, serverId))?.text === 'typo here')
    sandbox.simulate.inboundReaction(Number(serverId), 'love')
    await until(async () => (await messageOf(ws, chatId, serverId))?.reactions.some((r) => r.type === 'love'))

    await ws.deleteMessage(chatId, serverId)
    expect(await messageOf(ws, chatId, serverId)).toBeUndefined()
    expect(events('messagesRemoved').some((e) => e.messageIds.includes(serverId))).toBe(true)
  })

  it('rate limiting shows as rate-limited with when it will retry', async () => {
    sandbox.faults.set({
      rules: [{ route: 'listPhoneNumbers', status: 429, retryAfterSeconds: 1, times: 4 }],
    })
    const { ws, events } = await start()
    const limited = await until(() => events('syncStatus').find((s) => s.state === 'rate-limited'))
    expect(limited.nextRetryAt! - Date.now()).toBeGreaterThan(500)
    await until(() => ws.syncStatus().state === 'online', 10_000)
  })

  it('loads older history past the first page from Linq, in order, without gaps', async () => {
    const { ws } = await start()
    const chatId = String(sandbox.state.bigChatId)
    await until(() => chatOf(ws, chatId))
    const seen: string[] = []
    let page = await ws.listMessages(chatId, 50)
    seen.unshift(...page.messages.map((m) => m.id))
    while (page.hasOlder) {
      page = await ws.loadOlderMessages(chatId, seen[0]!, 100)
      seen.unshift(...page.messages.map((m) => m.id))
    }
    const server = sandbox.state.messagesOf(sandbox.state.bigChatId).map((m) => String(m.id))
    expect(seen).toEqual(server)
  })
})
