// Fetching chats' messages from Linq. Catching up asks only for what is newer than the cache (`after`,
// oldest first); the newest page is read again on every pull, which is how edits, deletions, reactions and
// delivery/read changes arrive. One task per chat at a time, so two pulls never interleave their writes.
// The team relay shares the same newest page, fetched once for every desktop (applyShared): it goes through
// the same steps as a pull's own, so there is one way an answer from Linq enters the cache.
import type { Chat, Message } from '../../../shared/domain'
import { NEWEST_WINDOW } from '../../../shared/relay-protocol'
import { errorMessage } from '../../../shared/error-message'
import { compareMessages } from '../../../shared/message-order'
import { createKeyedQueue } from '../async/serial'
import type { WorkspaceCache } from '../cache/cache'
import type { LinqClient, Page } from '../linq-api'
import type { Logger } from '../log'
import type { MessageWrites } from './writes'

/** Messages per request when catching up and per newest-page read. */
const CATCH_UP_PAGE = 100
export const FIRST_PAGE = 50
/** How far apart the relay's clock and this computer's are assumed to be, at most. */
const CLOCK_DRIFT_MS = 5 * 60_000
/** Linq filters `after` on send time; look back a little so a message stamped in the same second is not missed. */
const AFTER_OVERLAP_MS = 1_000

export type PullClient = Pick<LinqClient, 'listChatMessages' | 'markChatAsRead' | 'backfillChats'>

export interface ChatFocus {
  activeChatId: string | null
  focused: boolean
}

export interface ChatPullOptions {
  client: PullClient
  cache: WorkspaceCache
  writes: MessageWrites
  logger: Logger
  /** The chat the user has open, and whether the window has focus: its news is marked read at once. */
  focus(): ChatFocus
  /** New inbound messages found by a live pull (never history). */
  onInbound(chat: Chat, messages: Message[]): void
  concurrency: number
}

export interface ChatPulls {
  /** Brings one chat up to date with Linq. History (its first fill) never notifies. */
  pullChat(chatId: string): Promise<void>
  /**
   * Applies the chat's newest page as the relay fetched it at `fetchedAt` (ISO 8601), as a pull's own, or
   * leaves it when this desktop already has a newer look at the chat. False when it cannot stand for a pull
   * (the chat's first fill): the caller pulls instead.
   */
  applyShared(chatId: string, page: Page<Message>, fetchedAt: string): Promise<boolean>
  /** The first page of each chat never synced, several at a time. */
  backfill(chatIds: string[]): Promise<void>
  /** Marks a chat's messages read here at once, then tells Linq. */
  markRead(chatId: string): Promise<void>
}

export function createChatPulls(options: ChatPullOptions): ChatPulls {
  const { client, cache, writes, logger } = options
  const perChat = createKeyedQueue()

  /** Puts messages from Linq into the cache; notifies of new inbound ones. */
  const apply = (chatId: string, incoming: Message[], origin: 'live' | 'history'): void => {
    const fresh: Message[] = []
    const merged = incoming.map((message) => {
      const known = cache.message(chatId, message.id)
      if (!known) fresh.push(message)
      // Sent from this app: keep the outbox id so the renderer's row stays the same row.
      return known?.localId && !message.localId ? { ...message, localId: known.localId } : message
    })
    const { chat } = writes.store(chatId, merged)
    const inbound = fresh.filter((m) => !m.isFromMe)
    if (chat && origin === 'live' && inbound.length > 0) options.onInbound(chat, inbound)
    const focus = options.focus()
    if (chat && chatId === focus.activeChatId && focus.focused && chat.unreadCount > 0) void markRead(chatId)
  }

  /**
   * Messages the newest page no longer has (deleted on Linq) leave the cache too; with `asOf`, only those sent
   * by then (a page fetched elsewhere, earlier, cannot know of messages that came later).
   */
  const removeMissing = (chatId: string, page: Message[], complete: boolean, asOf?: number) => {
    if (page.length === 0 && !complete) return
    const ids = new Set(page.map((m) => m.id))
    const oldest = page.reduce<Message | null>((o, m) => (!o || compareMessages(m, o) < 0 ? m : o), null)
    const missing = cache
      .messages(chatId)
      .filter((m) => !ids.has(m.id) && (complete || (oldest !== null && compareMessages(m, oldest) > 0)))
      .filter((m) => asOf === undefined || Date.parse(m.sentAt) <= asOf)
      .map((m) => m.id)
    if (missing.length > 0) writes.discard(chatId, missing)
  }

  /** More arrived than one window holds: catch up from the newest cached message, oldest first. */
  const catchUp = async (chatId: string, newestCached: Message) => {
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

  // When each chat was last looked at: a shared page older than that has nothing new. The relay's pages are
  // compared with the relay's clock (they arrive out of order when its fetches overlap); this desktop's own
  // pulls with its clock, so only a page clearly older than a pull (by more than clocks drift) is left.
  const sharedAt = new Map<string, number>()
  const pulledAt = new Map<string, number>()

  /** A newest page (`sort=desc`, page 1) into the cache: catch up first if it does not reach the cache. */
  const applyWindow = async (chatId: string, window: Page<Message>, asOf?: number) => {
    const newestCached = cache.messages(chatId).at(-1)!
    const oldestInWindow = window.items.at(-1)
    if (oldestInWindow && compareMessages(oldestInWindow, newestCached) > 0 && window.totalPages > 1) {
      await catchUp(chatId, newestCached)
    }
    apply(chatId, window.items, 'live')
    removeMissing(chatId, window.items, window.totalPages <= 1, asOf)
    // The count this page saw: the next list round pulls the chat only if it moved since.
    cache.setMeta(chatId, { syncedCount: window.totalCount })
  }

  const pullChat = (chatId: string): Promise<void> =>
    perChat.run(chatId, async () => {
      const meta = cache.meta(chatId)
      pulledAt.set(chatId, Date.now())
      if (cache.messages(chatId).length === 0) {
        const countAtStart = cache.chat(chatId)?.messageCount ?? null
        const page = await client.listChatMessages(chatId, { sort: 'desc', perPage: FIRST_PAGE })
        apply(chatId, page.items, meta.syncedCount === null ? 'history' : 'live')
        cache.setMeta(chatId, { syncedCount: countAtStart, hasOlder: page.totalPages > 1 })
        return
      }
      const window = await client.listChatMessages(chatId, {
        sort: NEWEST_WINDOW.sort,
        perPage: NEWEST_WINDOW.perPage,
      })
      await applyWindow(chatId, window)
    })

  const applyShared = (chatId: string, page: Page<Message>, at: string) =>
    perChat.run(chatId, async () => {
      const asOf = Date.parse(at)
      if (cache.messages(chatId).length === 0 || !Number.isFinite(asOf)) return false
      const older =
        asOf < (sharedAt.get(chatId) ?? -Infinity) ||
        asOf < (pulledAt.get(chatId) ?? -Infinity) - CLOCK_DRIFT_MS
      if (older) return true
      sharedAt.set(chatId, asOf)
      await applyWindow(chatId, page, asOf)
      return true
    })

  const backfill = async (chatIds: string[]): Promise<void> => {
    await client.backfillChats(chatIds, {
      perPage: FIRST_PAGE,
      pagesPerChat: 1,
      concurrency: options.concurrency,
      onPage: (chatId, page) =>
        void perChat.run(chatId, async () => {
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
    writes.store(
      chatId,
      unread.map((m) => ({ ...m, unread: false })),
    )
    try {
      await client.markChatAsRead(chatId)
    } catch (error) {
      // Read state is a courtesy to the customer; the local count is already right.
      logger.warn('mark as read failed', { chat: chatId, error: errorMessage(error) })
    }
  }

  return { pullChat, applyShared, backfill, markRead }
}
