// Keeps the cache in step with Linq and tells the renderer what changed. A desktop app has no public URL
// for webhooks, so it polls: the open chat often while the window is focused, the chat list less often,
// everything slower when the window is hidden, and with backoff while offline or rate-limited. Catching up
// asks only for what is newer than the cache (`after`, oldest first); the open chat's newest page is read
// again on every poll, which is how edits, deletions, reactions and delivery/read changes arrive.
import type { Chat, Message, SyncStatus } from '../../../shared/domain'
import type { EventHub } from '../events'
import type { WorkspaceCache } from '../cache/cache'
import { compareMessages } from '../../../shared/message-order'
import { capDelay, delayTimer } from '../async/delay'
import { LinqApiError, type LinqClient } from '../linq-api'
import type { Logger } from '../log'
import { errorMessage } from '../../../shared/error-message'

export interface SyncIntervals {
  activeFocusedMs: number
  activeVisibleMs: number
  listFocusedMs: number
  listVisibleMs: number
  hiddenMs: number
  backoffBaseMs: number
  backoffMaxMs: number
}

export const DEFAULT_INTERVALS: SyncIntervals = {
  activeFocusedMs: 2_000,
  activeVisibleMs: 8_000,
  listFocusedMs: 10_000,
  listVisibleMs: 30_000,
  hiddenMs: 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
}

export type SyncClient = Pick<
  LinqClient,
  'listPhoneNumbers' | 'listChats' | 'listChatMessages' | 'markChatAsRead' | 'backfillChats'
>

export interface SyncOptions {
  client: SyncClient
  cache: WorkspaceCache
  events: EventHub
  logger: Logger
  /** New inbound messages found by a live poll (never history). */
  onInbound(chat: Chat, messages: Message[]): void
  onUnreadTotal(total: number): void
  /** The connection works again: the outbox retries now. */
  onOnline(): void
  intervals?: Partial<SyncIntervals>
  now?: () => number
  random?: () => number
}

/** Messages per request when catching up and per newest-page read. */
const CATCH_UP_PAGE = 100
const RECENT_WINDOW = 30
const FIRST_PAGE = 50
const CONCURRENCY = 4
/** No poll or retry comes sooner than this after the last, whatever the intervals or Retry-After say. */
const MIN_POLL_MS = 25
/** Linq filters `after` on send time; look back a little so a message stamped in the same second is not missed. */
const AFTER_OVERLAP_MS = 1_000

export function createSync(options: SyncOptions) {
  const { client, cache, events, logger } = options
  const intervals = { ...DEFAULT_INTERVALS, ...options.intervals }
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random

  let status: SyncStatus = { state: 'catching-up', nextRetryAt: null, detail: null, lastSyncedAt: null }
  let presence = { focused: true, visible: true }
  let activeChatId: string | null = null
  let failures = 0
  let stopped = true
  let listTimer: NodeJS.Timeout | null = null
  let activeTimer: NodeJS.Timeout | null = null
  let listRun: Promise<void> | null = null
  const chatLocks = new Map<string, Promise<unknown>>()
  /** Pages fetched on demand that are older than what the cache keeps. */
  const beyondCache = new Map<string, Message[]>()

  const setStatus = (next: SyncStatus) => {
    if (JSON.stringify(next) === JSON.stringify(status)) return
    status = next
    events.emit('syncStatus', status)
  }

  const emitChats = (chats: Chat[], removedIds: string[] = []) => {
    if (chats.length === 0 && removedIds.length === 0) return
    const total = cache.unreadTotal()
    events.emit('chatsChanged', { chats, removedIds, unreadTotal: total })
    options.onUnreadTotal(total)
  }

  /**
   * The one way messages reach the cache and the renderer: writes them, then emits what changed and the
   * chat's new preview and unread count. `replacedIds` (outbox ids Linq has now accepted) always go out, so
   * the renderer swaps its local rows even when the cache already had the server copy from a poll.
   */
  const store = (chatId: string, messages: Message[], replacedIds: string[] = []) => {
    const { changed, chat } = cache.upsertMessages(chatId, messages)
    if (changed.length > 0 || replacedIds.length > 0) {
      events.emit('messagesUpserted', {
        chatId,
        messages: replacedIds.length > 0 ? messages : changed,
        replacedIds,
      })
    }
    if (chat && changed.length > 0) emitChats([chat])
    return { changed, chat }
  }

  /** Removes messages from the cache and the renderer (deleted on Linq, or by the user). */
  const discard = (chatId: string, messageIds: string[]): void => {
    const { removed, chat } = cache.removeMessages(chatId, messageIds)
    if (removed.length === 0) return
    events.emit('messagesRemoved', { chatId, messageIds: removed })
    if (chat) emitChats([chat])
  }

  /** One task per chat at a time, so two polls never interleave their writes. */
  const withChatLock = <T>(chatId: string, task: () => Promise<T>): Promise<T> => {
    const previous = chatLocks.get(chatId) ?? Promise.resolve()
    const run = previous.then(task, task)
    const settled = run.catch(() => undefined)
    chatLocks.set(chatId, settled)
    void settled.then(() => {
      if (chatLocks.get(chatId) === settled) chatLocks.delete(chatId)
    })
    return run
  }

  /** Puts messages from Linq into the cache; emits what changed; notifies of new inbound ones. */
  const apply = (chatId: string, incoming: Message[], origin: 'live' | 'history'): Message[] => {
    const fresh: Message[] = []
    const merged = incoming.map((message) => {
      const known = cache.message(chatId, message.id)
      if (!known) fresh.push(message)
      // Sent from this app: keep the outbox id so the renderer's row stays the same row.
      return known?.localId && !message.localId ? { ...message, localId: known.localId } : message
    })
    const { changed, chat } = store(chatId, merged)
    const inbound = fresh.filter((m) => !m.isFromMe)
    if (chat && origin === 'live' && inbound.length > 0) options.onInbound(chat, inbound)
    if (chat && chatId === activeChatId && presence.focused && chat.unreadCount > 0) void markRead(chatId)
    return changed
  }

  const removeMissing = (chatId: string, page: Message[], complete: boolean) => {
    if (page.length === 0 && !complete) return
    const ids = new Set(page.map((m) => m.id))
    const oldest = page.reduce<Message | null>((o, m) => (!o || compareMessages(m, o) < 0 ? m : o), null)
    const missing = cache
      .messages(chatId)
      .filter((m) => !ids.has(m.id) && (complete || (oldest !== null && compareMessages(m, oldest) > 0)))
      .map((m) => m.id)
    if (missing.length > 0) discard(chatId, missing)
  }

  /** Brings one chat up to date. History (first fill) never notifies. */
  const refreshChat = (chatId: string): Promise<void> =>
    withChatLock(chatId, async () => {
      const cached = cache.messages(chatId)
      const meta = cache.meta(chatId)
      const countAtStart = cache.chat(chatId)?.messageCount ?? null
      if (cached.length === 0) {
        const page = await client.listChatMessages(chatId, { sort: 'desc', perPage: FIRST_PAGE })
        apply(chatId, page.items, meta.syncedCount === null ? 'history' : 'live')
        cache.setMeta(chatId, { syncedCount: countAtStart, hasOlder: page.totalPages > 1 })
        return
      }
      const window = await client.listChatMessages(chatId, { sort: 'desc', perPage: RECENT_WINDOW })
      const newestCached = cached.at(-1)!
      const oldestInWindow = window.items.at(-1)
      if (oldestInWindow && compareMessages(oldestInWindow, newestCached) > 0 && window.totalPages > 1) {
        // More arrived than one window holds: catch up from the newest cached message, oldest first.
        const after = new Date(Date.parse(newestCached.sentAt) - AFTER_OVERLAP_MS).toISOString()
        for (let page = 1; ; page++) {
          const caughtUp = await client.listChatMessages(chatId, {
            after,
            sort: 'asc',
            perPage: CATCH_UP_PAGE,
            page,
          })
          apply(chatId, caughtUp.items, 'live')
          if (page >= caughtUp.totalPages) break
        }
      }
      apply(chatId, window.items, 'live')
      removeMissing(chatId, window.items, window.totalPages <= 1)
      cache.setMeta(chatId, { syncedCount: countAtStart })
    })

  const runPool = async <T>(items: T[], task: (item: T) => Promise<void>) => {
    let next = 0
    const worker = async () => {
      while (next < items.length) await task(items[next++]!)
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker))
  }

  /** Numbers, then every chat of every number, then the chats whose message count moved. */
  const syncList = async (): Promise<void> => {
    const numbers = await client.listPhoneNumbers()
    cache.setPhoneNumbers(numbers)
    const listed: Chat[] = []
    for (const number of numbers) {
      for (let page = 1; ; page++) {
        const result = await client.listChats(number.number, { page, perPage: 100 })
        listed.push(...result.items)
        if (page >= result.totalPages) break
      }
    }
    const listedIds = new Set(listed.map((c) => c.id))
    const removedIds = cache
      .chats()
      .map((c) => c.id)
      .filter((id) => !listedIds.has(id))
    if (removedIds.length > 0) cache.removeChats(removedIds)
    emitChats(cache.putChats(listed), removedIds)

    const neverSynced: string[] = []
    const moved: string[] = []
    for (const chat of listed) {
      const meta = cache.meta(chat.id)
      if (meta.syncedCount === null && cache.messages(chat.id).length === 0) neverSynced.push(chat.id)
      else if (meta.syncedCount !== chat.messageCount) moved.push(chat.id)
    }
    // The open chat first, then news in other chats, then the history of chats never seen.
    const ordered = (ids: string[]) =>
      activeChatId && ids.includes(activeChatId)
        ? [activeChatId, ...ids.filter((id) => id !== activeChatId)]
        : ids
    await runPool(ordered(moved), refreshChat)
    if (neverSynced.length > 0) await backfill(ordered(neverSynced))
  }

  const backfill = async (chatIds: string[]): Promise<void> => {
    await client.backfillChats(chatIds, {
      perPage: FIRST_PAGE,
      pagesPerChat: 1,
      concurrency: CONCURRENCY,
      onPage: (chatId, page) =>
        void withChatLock(chatId, async () => {
          if (cache.meta(chatId).syncedCount !== null) return
          apply(chatId, page.items, 'history')
          cache.setMeta(chatId, {
            syncedCount: cache.chat(chatId)?.messageCount ?? null,
            hasOlder: page.totalPages > 1,
          })
        }),
    })
  }

  const markRead = async (chatId: string): Promise<void> => {
    const unread = cache.messages(chatId).filter((m) => m.unread)
    if (unread.length === 0) return
    store(
      chatId,
      unread.map((m) => ({ ...m, unread: false })),
    )
    try {
      await client.markChatAsRead(chatId)
    } catch (error) {
      // Read state is a courtesy to the customer; the local count is already right.
      logger.warn('mark as read failed', {
        chat: chatId,
        error: errorMessage(error),
      })
    }
  }

  // --- scheduling -------------------------------------------------------------------------------------

  const listDelay = () =>
    !presence.visible
      ? intervals.hiddenMs
      : presence.focused
        ? intervals.listFocusedMs
        : intervals.listVisibleMs
  const activeDelay = () =>
    !presence.visible
      ? intervals.hiddenMs
      : presence.focused
        ? intervals.activeFocusedMs
        : intervals.activeVisibleMs

  const clearTimers = () => {
    if (listTimer) clearTimeout(listTimer)
    if (activeTimer) clearTimeout(activeTimer)
    listTimer = activeTimer = null
  }

  const scheduleNormal = () => {
    if (stopped || failures > 0) return
    listTimer ??= delayTimer(
      () => {
        listTimer = null
        void tickList()
      },
      listDelay(),
      { minMs: MIN_POLL_MS },
    )
    if (activeChatId) {
      activeTimer ??= delayTimer(
        () => {
          activeTimer = null
          void tickActive()
        },
        activeDelay(),
        { minMs: MIN_POLL_MS },
      )
    }
  }

  const succeeded = () => {
    const wasFailing = failures > 0
    failures = 0
    setStatus({ state: 'online', nextRetryAt: null, detail: null, lastSyncedAt: now() })
    if (wasFailing) options.onOnline()
  }

  const failed = (error: unknown) => {
    failures++
    clearTimers()
    const step = Math.min(intervals.backoffMaxMs, intervals.backoffBaseMs * 2 ** Math.min(failures - 1, 16))
    let delay = capDelay(step * (0.5 + random() / 2), { minMs: MIN_POLL_MS })
    let next: SyncStatus
    if (error instanceof LinqApiError && error.kind === 'http' && error.status === 429) {
      delay = capDelay(Math.max(delay, error.retryAfterMs ?? 0), { minMs: MIN_POLL_MS })
      next = {
        state: 'rate-limited',
        nextRetryAt: now() + delay,
        detail: 'Linq asked the app to slow down.',
        lastSyncedAt: status.lastSyncedAt,
      }
    } else if (
      error instanceof LinqApiError &&
      error.kind === 'http' &&
      (error.status === 401 || error.status === 403)
    ) {
      delay = intervals.backoffMaxMs
      next = {
        state: 'offline',
        nextRetryAt: now() + delay,
        detail: 'Linq no longer accepts this workspace’s token. Sign out and sign in again.',
        lastSyncedAt: status.lastSyncedAt,
      }
    } else {
      const detail =
        error instanceof LinqApiError && error.kind === 'http'
          ? `Linq is having trouble (${error.status ?? 'error'}).`
          : error instanceof LinqApiError && error.kind === 'bad-response'
            ? 'Linq sent an answer the app doesn’t understand.'
            : 'Can’t reach Linq. Check your connection.'
      next = { state: 'offline', nextRetryAt: now() + delay, detail, lastSyncedAt: status.lastSyncedAt }
    }
    logger.warn('sync failed', {
      failures,
      state: next.state,
      error: errorMessage(error),
    })
    setStatus(next)
    listTimer = delayTimer(
      () => {
        listTimer = null
        void tickList()
      },
      delay,
      { minMs: MIN_POLL_MS },
    )
  }

  /** Runs a sync step; failures switch to backoff, success to the normal rhythm. */
  const guarded = async (step: () => Promise<void>) => {
    if (stopped) return
    try {
      await step()
      if (stopped) return
      succeeded()
    } catch (error) {
      if (stopped) return
      failed(error)
      return
    }
    scheduleNormal()
  }

  const tickList = (): Promise<void> => {
    listRun ??= guarded(async () => {
      if (failures > 0) setStatus({ ...status, state: 'catching-up', detail: null, nextRetryAt: null })
      await syncList()
      if (activeChatId) await refreshChat(activeChatId)
    }).finally(() => (listRun = null))
    return listRun
  }

  const tickActive = (): Promise<void> =>
    guarded(async () => {
      if (activeChatId) await refreshChat(activeChatId)
    })

  return {
    status: (): SyncStatus => status,

    start(): void {
      stopped = false
      setStatus({ state: 'catching-up', nextRetryAt: null, detail: null, lastSyncedAt: null })
      void tickList()
    },

    stop(): void {
      stopped = true
      clearTimers()
    },

    /** Resolves when the current list sync (if any) is done: tests and the first paint wait on it. */
    settled: async (): Promise<void> => {
      while (listRun) await listRun
    },

    setPresence(next: { focused: boolean; visible: boolean }): void {
      const gainedFocus = next.focused && !presence.focused
      presence = next
      if (stopped) return
      if (gainedFocus) {
        // Coming back to the window: catch up now, and mark the open chat read.
        clearTimers()
        failures = 0
        void tickList()
        if (activeChatId) void markRead(activeChatId)
      }
    },

    setActiveChat(chatId: string | null): void {
      activeChatId = chatId
      if (activeTimer) clearTimeout(activeTimer)
      activeTimer = null
      if (!chatId || stopped) return
      if (presence.focused) void markRead(chatId)
      if (failures === 0) void tickActive()
    },
    activeChatId: (): string | null => activeChatId,
    presence: () => presence,

    /** The user asked to try now. */
    syncNow(): Promise<void> {
      clearTimers()
      failures = failures > 0 ? 1 : 0
      return tickList()
    },

    refreshChat,
    markRead,
    store,
    discard,
    /** Older messages fetched on demand this run that the cache does not keep. */
    olderThanCache: (chatId: string): readonly Message[] => beyondCache.get(chatId) ?? [],

    /** Fills an empty chat before its first paint (best effort: offline gives an empty thread). */
    async ensureChat(chatId: string): Promise<void> {
      if (cache.messages(chatId).length > 0 || cache.meta(chatId).syncedCount !== null) return
      try {
        await refreshChat(chatId)
      } catch (error) {
        logger.info('could not fetch a chat before showing it', {
          chat: chatId,
          error: errorMessage(error),
        })
      }
    },

    /** Messages before `beforeId`: from the cache, then from Linq when the cache has no older ones. */
    async loadOlder(
      chatId: string,
      beforeId: string,
      limit: number,
    ): Promise<{ messages: Message[]; hasOlder: boolean }> {
      const fromCache = cache.page(chatId, limit, beforeId)
      const knownHere = cache.message(chatId, beforeId) !== undefined
      if (knownHere && (fromCache.messages.length === limit || fromCache.hasOlderCached)) {
        return {
          messages: fromCache.messages,
          hasOlder: fromCache.hasOlderCached || cache.meta(chatId).hasOlder,
        }
      }
      if (knownHere && !cache.meta(chatId).hasOlder) return { messages: fromCache.messages, hasOlder: false }
      // Older than the cache keeps: ask Linq for the page before the oldest message known.
      const extra = beyondCache.get(chatId) ?? []
      const anchor =
        fromCache.messages[0] ?? cache.message(chatId, beforeId) ?? extra.find((m) => m.id === beforeId)
      if (!anchor) return { messages: [], hasOlder: false }
      const need = limit - fromCache.messages.length
      const page = await client.listChatMessages(chatId, {
        before: anchor.sentAt,
        sort: 'desc',
        perPage: Math.min(100, need),
      })
      const older = [...page.items].filter((m) => m.id !== anchor.id).sort(compareMessages)
      beyondCache.set(chatId, [...older, ...extra])
      if (knownHere && older.length > 0) {
        // Kept on disk while the chat is under its bound; past it the cache drops them again by itself.
        cache.upsertMessages(chatId, older)
        if (page.totalPages <= 1 && cache.messages(chatId)[0]?.id === older[0]!.id) {
          cache.setMeta(chatId, { hasOlder: false })
        }
      }
      return { messages: [...older, ...fromCache.messages], hasOlder: page.totalPages > 1 }
    },
  }
}

export type Sync = ReturnType<typeof createSync>
