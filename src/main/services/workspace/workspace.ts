// One open workspace: its API clients, cache, sync, outbox, staged files, media and notifications, built
// when a session opens (sign-in, demo, or restore at start) and disposed when it closes. Plain Node: the
// Electron parts arrive as adapters (store engine, notifier, badge, shell). Callers get an OpenWorkspace
// (types.ts) and nothing of the services behind it. Where things go: a feature's operations in a module
// beside this one (message-actions.ts, attachments.ts), wired here; an index that must follow every
// message change subscribes to `writes` (the attachment index and search do).
import { errorMessage } from '../../../shared/error-message'
import { join } from 'node:path'
import type { Message, Settings, Workspace } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { createMediaStore } from '../attachments/media-store'
import { createStaging } from '../attachments/staging'
import { createWorkspaceCache } from '../cache/cache'
import type { StoreEngine } from '../cache/engine'
import type { EventHub } from '../events'
import { createLinqClient, type LinqClientOptions } from '../linq-api'
import type { Logger } from '../log'
import type { EventPayload } from '../../../shared/contract'
import { openMutes } from '../notifications/mutes'
import { attachmentSummary } from '../notifications/policy'
import { createNotificationService } from '../notifications/service'
import type { Badge, Notifier } from '../notifications/types'
import { createOutbox } from '../outbox/outbox'
import type { OnDamage } from '../persist/documents'
import type { SyncIntervals } from '../sync/scheduler'
import { createSync } from '../sync/sync'
import { createMessageWrites } from '../sync/writes'
import { createConversations } from '../conversations/conversations'
import { openAppliedLog } from '../team-relay/applied-log'
import { createTeamRelayLink, type TeamRelayLinkOptions } from '../team-relay/link'
import { createMessageSearch } from '../search/service'
import { createAttachmentIndex } from './attachment-index'
import { createAttachmentOperations } from './attachments'
import { delayTimer } from '../async/delay'
import { chatListAnswer } from './chat-list'
import { createMessageActions } from './message-actions'
import { createMessagesAround } from './messages-around'
import type { OpenWorkspace } from './types'

export type { OpenWorkspace } from './types'

/** When the search index loads if no window asks for the chat list first. */
const SEARCH_WITHOUT_WINDOW_MS = 3_000

export interface WorkspaceDeps {
  workspace: Workspace
  token: string
  /** This workspace's folder under the app data dir. */
  dir: string
  engine: StoreEngine
  logger: Logger
  events: EventHub
  mediaSrc: (mediaPath: string) => string
  notifier: Notifier
  badge: Badge
  settings: () => Settings
  /** A notification was clicked: bring the window forward and open the chat. */
  openChat: (chatId: string) => void
  /** A reply typed into a notification (openWorkspace sends it). */
  reply: (chatId: string, text: string) => Promise<void>
  /** Shorter intervals in tests. */
  intervals?: Partial<SyncIntervals>
  /** Something saved (cache, drafts, outbox) could not be restored and was set aside. */
  onDamage?: OnDamage
  /** Overrides for the sending client's timeout, retries and per-chat pacing (tests and the soak). */
  api?: Pick<LinqClientOptions, 'timeoutMs' | 'retry' | 'pacing'>
  fetch?: typeof fetch
  /** Team relay (issue 21): this workspace's relay setting; without it the relay stays off. */
  teamRelay?: Pick<TeamRelayLinkOptions, 'settings' | 'consumer'>
}

/** The services of one workspace, wired to each other; openWorkspace adds the operations on top. */
function createServices(deps: WorkspaceDeps) {
  const { workspace, logger, events, dir } = deps
  const clientOptions = {
    baseUrl: workspace.baseUrl,
    token: deps.token,
    logger,
    fetch: deps.fetch,
    attachmentSrc: (attachmentId: string) => deps.mediaSrc('attachment/' + attachmentId),
  }
  // Sends retry patiently (each has an idempotency key); sync polls give up fast and let backoff decide.
  const client = createLinqClient({ ...clientOptions, ...deps.api })
  const syncClient = createLinqClient({ ...clientOptions, retry: { maxAttempts: 2 }, timeoutMs: 15_000 })
  const cache = createWorkspaceCache({
    dir: join(dir, 'cache'),
    engine: deps.engine,
    logger,
    attachmentSummary: (m) => attachmentSummary(m.attachments),
    onDamage: deps.onDamage,
    // The window may show the stale head's chats: it hears every chat as the list has it.
    onListHealed: (chats, removedIds) => writes.emitChats(chats, removedIds),
  })
  const mutes = openMutes({ dir, engine: deps.engine, logger, onDamage: deps.onDamage })
  const notifications = createNotificationService({
    notifier: deps.notifier,
    badge: deps.badge,
    settings: deps.settings,
    presence: () => ({ focused: sync.presence().focused, activeChatId: sync.activeChatId() }),
    isMuted: (chatId) => mutes.has(chatId),
    openChat: deps.openChat,
    reply: (chatId, text) => deps.reply(chatId, text),
    nameOf: (handle) => conversations.nameOf(handle),
    logger,
  })
  const writes = createMessageWrites({
    cache,
    events,
    logger,
    onUnreadTotal: (total) => notifications.setUnreadTotal(total),
  })
  const sync = createSync({
    client: syncClient,
    cache,
    writes,
    events,
    logger,
    intervals: deps.intervals,
    onInbound: (chat, messages) => notifications.onInbound(chat, messages, 'live'),
    onOnline: () => {
      outbox.nudge()
      conversations.nudge()
    },
  })
  const media = createMediaStore({
    dir: join(dir, 'media'),
    logger,
    download: (remoteUrl, destPath) => client.downloadAttachment(remoteUrl, destPath),
  })
  const staging = createStaging({ dir: join(dir, 'staging'), logger, mediaSrc: deps.mediaSrc })
  const index = createAttachmentIndex({ messagesOf: (chatId) => cache.messages(chatId) })
  writes.subscribe((change) => {
    if (change.kind === 'messages') index.add(change.chatId, change.upserted)
  })
  const outbox = createOutbox({
    dir: join(dir, 'outbox'),
    engine: deps.engine,
    logger,
    client,
    senderFor: (chatId) => cache.chat(chatId)?.phoneNumber ?? '',
    fileSrc: (localId, i) => deps.mediaSrc(`outbox/${localId}/${i}`),
    onChange: (message) =>
      events.emit('messagesUpserted', { chatId: message.chatId, messages: [message], replacedIds: [] }),
    onSent: async (entry, result) => {
      const message: Message = { ...result.message, localId: entry.localId }
      // Stored before the files are copied: a pull landing during the copy then finds the message with its
      // outbox id, and shows one row, not two. The media store makes a load of the files wait for the copy.
      const kept = files.keepSent(entry, message)
      writes.store(entry.chatId, [message], [entry.localId])
      await kept
    },
    onRemoved: (chatId, localId) => events.emit('messagesRemoved', { chatId, messageIds: [localId] }),
    onDamage: deps.onDamage,
    onTransientFailure: (error, nextAttemptAt) =>
      logger.info('send will be retried', {
        error: error.message,
        at: new Date(nextAttemptAt).toISOString(),
      }),
  })
  const files = createAttachmentOperations({ staging, media, outbox, index })
  const actions = createMessageActions({ client, cache, writes })
  const conversations = createConversations({
    ...deps,
    cache,
    writes,
    client,
    quickClient: syncClient,
    ownNumbers: () => workspace.phoneNumbers.map((p) => p.number),
  })
  // Search follows every message change through the write path; its index lives in its own folder.
  const search = createMessageSearch({
    dir: join(dir, 'search'),
    logger,
    chats: () => cache.chats(),
    chat: (chatId) => cache.chat(chatId),
    messagePages: (chatId) => cache.messagePages(chatId),
    nameOf: (handle) => conversations.nameOf(handle),
  })
  writes.subscribe((change) => search.onChange(change))
  const around = createMessagesAround({
    client: syncClient,
    cache,
    sentAtOf: (chatId, messageId) => search.find(chatId, messageId)?.sentAt ?? null,
  })
  return {
    cache,
    sync,
    outbox,
    staging,
    notifications,
    mutes,
    index,
    files,
    actions,
    conversations,
    search,
    around,
  }
}

export function openWorkspace(deps: Omit<WorkspaceDeps, 'reply'>): OpenWorkspace {
  // A reply from a notification is a send like any other (the outbox keeps it through a restart), and it
  // reads the chat.
  const reply = async (chatId: string, text: string) => {
    await opened.sendMessage(chatId, text, [])
    await sync.markRead(chatId).catch(() => undefined)
  }
  const services = createServices({ ...deps, reply })
  const {
    cache,
    sync,
    outbox,
    staging,
    notifications,
    mutes,
    index,
    files,
    actions,
    conversations,
    search,
    around,
  } = services
  const relay = deps.teamRelay
    ? createTeamRelayLink({
        ...deps.teamRelay,
        applied: openAppliedLog({
          dir: deps.dir,
          engine: deps.engine,
          logger: deps.logger,
          onDamage: deps.onDamage,
        }),
        events: deps.events,
        logger: deps.logger,
        sync: {
          pullChat: (chatId) => sync.pullChat(chatId),
          applyShared: (chatId, answer, fetchedAt) => sync.applyShared(chatId, answer, fetchedAt),
          knowsChat: (chatId) => cache.chat(chatId) !== undefined,
          syncList: () => sync.syncNow(),
          setRelayHealthy: (healthy) => sync.setRelayHealthy(healthy),
        },
      })
    : null
  const noRelay = () => {
    throw new AppError('validation', 'This workspace cannot use a team relay here.')
  }
  // A chat read anywhere (this window, a phone, a colleague) takes its notification with it.
  const stopClearingRead = deps.events.subscribe((event, payload) => {
    if (event === 'chatsChanged') notifications.clearRead((payload as EventPayload<'chatsChanged'>).chats)
  })
  const requireChat = (chatId: string) => {
    if (!cache.chat(chatId)) throw new AppError('not-found', 'That chat is not in this workspace.')
  }
  // The search index's load reads the whole chat list (cache.chat for each chat it holds), so it waits for
  // the window's first listChats, which the cache answers from the list's head: the first screen never
  // waits for the list. A start without a window (hidden at login) loads it a little later, and a search
  // starts it at once.
  let searchSoon: NodeJS.Timeout | null = null
  const startSearch = () => {
    if (!searchSoon) return
    clearTimeout(searchSoon)
    searchSoon = null
    void search
      .start()
      .catch((error: unknown) => deps.logger.error('search index failed', { error: errorMessage(error) }))
  }
  /** Messages leaving main for the renderer: their attachments become resolvable by id. */
  const handOut = <P extends { messages: Message[] }>(chatId: string, page: P): P => {
    index.add(chatId, page.messages)
    return page
  }

  const opened: OpenWorkspace = {
    workspace: deps.workspace,
    ...actions,
    ...files,
    ...conversations.operations,

    async start() {
      await staging.clear()
      outbox.start()
      conversations.start()
      sync.start()
      await relay?.start()
      searchSoon = delayTimer(startSearch, SEARCH_WITHOUT_WINDOW_MS)
      searchSoon.unref()
    },

    listChats(limit) {
      const answer = chatListAnswer(cache, mutes.list(), limit)
      // After this answer has gone: the first screen was painted from the list's head.
      if (searchSoon) setImmediate(startSearch)
      return answer
    },
    setChatMuted(chatId, muted) {
      requireChat(chatId)
      mutes.set(chatId, muted)
      if (muted) notifications.clearChat(chatId)
      return { mutedChatIds: mutes.list() }
    },
    setActiveChat(chatId) {
      if (chatId !== null) {
        requireChat(chatId)
        notifications.clearChat(chatId)
      }
      sync.setActiveChat(chatId)
    },
    async markChatRead(chatId) {
      requireChat(chatId)
      await sync.markRead(chatId)
    },
    setDraft(chatId, text) {
      requireChat(chatId)
      cache.setDraft(chatId, text)
    },

    async listMessages(chatId, limit = 100) {
      requireChat(chatId)
      await sync.ensureChat(chatId)
      const page = cache.page(chatId, limit)
      // Unsent messages are newer than anything Linq has: they go last.
      const messages = [...page.messages, ...outbox.pending(chatId)]
      return handOut(chatId, { messages, hasOlder: page.hasOlderCached || cache.meta(chatId).hasOlder })
    },
    async loadOlderMessages(chatId, beforeId, limit = 100) {
      requireChat(chatId)
      return handOut(chatId, await sync.loadOlder(chatId, beforeId, limit))
    },
    async sendMessage(chatId, text, attachmentIds) {
      requireChat(chatId)
      const taken = await staging.take(attachmentIds)
      try {
        const message = await outbox.enqueue({ chatId, text, files: taken })
        await staging.release(taken)
        cache.setDraft(chatId, '')
        return message
      } catch (error) {
        // Nothing was queued: the files go back to the tray so the user can try again.
        staging.restore(taken)
        throw error
      }
    },
    retryMessage: (localId) => outbox.retry(localId),
    discardMessage: (localId) => outbox.discard(localId),
    cancelMessage: (localId) => outbox.cancel(localId),

    syncStatus: () => sync.status(),
    syncNow: () => sync.syncNow(),
    setPresence: (presence) => sync.setPresence(presence),
    syncSettled: () => sync.settled(),
    wake() {
      // Every timer stood still during the sleep and every socket may be dead: nothing waits for them.
      void sync.syncNow()
      outbox.nudge()
      relay?.wake()
    },
    outboxIdle: async () => {
      await outbox.idle()
      await conversations.idle()
    },

    teamRelayStatus: () => relay?.status() ?? noRelay(),
    setTeamRelay: async (input) => (relay ? relay.configure(input) : noRelay()),
    clearTeamRelay: async () => (relay ? relay.clear() : noRelay()),
    testTeamRelay: async (input) => (relay ? relay.test(input) : noRelay()),

    searchMessages(query) {
      startSearch()
      return search.search(query)
    },
    async messagesAround(chatId, messageId, before) {
      requireChat(chatId)
      return handOut(chatId, await around(chatId, messageId, before))
    },

    async dispose() {
      if (searchSoon) clearTimeout(searchSoon)
      searchSoon = null
      await relay?.dispose()
      stopClearingRead()
      sync.stop()
      await outbox.stop()
      await conversations.stop()
      await search.close()
      cache.close()
      notifications.dispose()
    },
  }
  return opened
}
