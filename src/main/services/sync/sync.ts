// Keeps the cache in step with Linq and tells the renderer what changed. The parts, one file each:
//   writes.ts     the one write path for messages (cache → renderer events → subscribers such as indexes)
//   chat-pull.ts  fetching one chat (newest page, catch-up, backfill, mark read), one task per chat at a time
//   chat-list.ts  one round over numbers and chats, pulling the chats that moved
//   history.ts    a thread's older pages on demand
//   scheduler.ts  when all of that runs (presence, backoff, the relay's slow safety net)
//   status.ts     what a failure means for the user and the next try (pure)
// Where new work goes: a new kind of fetch is a function beside chat-pull; a new trigger (the team relay's
// events) calls `pullChat` (or `applyShared` with the relay's fetch) and `setRelayHealthy`; anything that must follow every message change (search)
// subscribes to `writes`.
import type { Chat, Message, SyncStatus } from '../../../shared/domain'
import type { WorkspaceCache } from '../cache/cache'
import type { EventHub } from '../events'
import type { LinqClient } from '../linq-api'
import type { Logger } from '../log'
import { pullChatList } from './chat-list'
import { createChatPulls, type ChatPulls } from './chat-pull'
import { createHistory, type History } from './history'
import { createScheduler, type Scheduler, type SyncIntervals } from './scheduler'
import type { MessageWrites } from './writes'

export { DEFAULT_INTERVALS, type SyncIntervals } from './scheduler'

export type SyncClient = Pick<
  LinqClient,
  | 'listPhoneNumbers'
  | 'listChats'
  | 'listChatMessages'
  | 'readChatMessages'
  | 'markChatAsRead'
  | 'backfillChats'
>

export interface SyncOptions {
  client: SyncClient
  cache: WorkspaceCache
  writes: MessageWrites
  events: EventHub
  logger: Logger
  /** New inbound messages found by a live poll (never history). */
  onInbound(chat: Chat, messages: Message[]): void
  /** The connection works again: the outbox retries now. */
  onOnline(): void
  intervals?: Partial<SyncIntervals>
  now?: () => number
  random?: () => number
}

/** Requests in flight at once when pulling many chats. */
const CONCURRENCY = 4

export type Sync = Scheduler &
  Pick<ChatPulls, 'pullChat' | 'markRead'> &
  History & {
    /**
     * The chat's newest page as the team relay fetched it from Linq (its listChatMessages answer, unchecked):
     * checked with the API schema (a bad-response error when malformed) and applied as a pull's own; false
     * when it cannot stand for a pull and the caller should pull.
     */
    applyShared(chatId: string, answer: unknown, fetchedAt: string): Promise<boolean>
  }

export function createSync(options: SyncOptions): Sync {
  const { client, cache, writes, logger } = options
  // The scheduler decides when; the pulls fetch. Each needs the other only inside callbacks.
  const scheduler = createScheduler({
    intervals: options.intervals,
    logger,
    pullList: () =>
      pullChatList({
        client,
        cache,
        writes,
        pulls,
        activeChatId: scheduler.activeChatId(),
        concurrency: CONCURRENCY,
      }),
    pullActive: (chatId) => pulls.pullChat(chatId),
    markRead: (chatId) => void pulls.markRead(chatId),
    onStatus: (status: SyncStatus) => options.events.emit('syncStatus', status),
    onOnline: options.onOnline,
    now: options.now,
    random: options.random,
  })
  const pulls = createChatPulls({
    client,
    cache,
    writes,
    logger,
    focus: () => ({ activeChatId: scheduler.activeChatId(), focused: scheduler.presence().focused }),
    onInbound: options.onInbound,
    concurrency: CONCURRENCY,
  })
  const history = createHistory({ client, cache, writes, pulls, logger })
  const applyShared = async (chatId: string, answer: unknown, fetchedAt: string) =>
    pulls.applyShared(chatId, await client.readChatMessages(chatId, answer), fetchedAt)
  return { ...scheduler, pullChat: pulls.pullChat, markRead: pulls.markRead, applyShared, ...history }
}
