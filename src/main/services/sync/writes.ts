// The one write path for messages. Everything that changes a chat's messages (a poll, a send Linq accepted,
// an edit, a reaction, a deletion, marking read, an older page the user scrolled to) goes through here:
// the cache is written, the renderer is told what changed (messagesUpserted / messagesRemoved /
// chatsChanged), and then every subscriber sees the change. Subscribers are how other indexes stay in step
// with the cache without a second write path: the attachment index today, full-text search next.
import type { Chat, Message } from '../../../shared/domain'
import type { WorkspaceCache } from '../cache/cache'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import { errorMessage } from '../../../shared/error-message'

export type MessageChange =
  /** Messages added or changed (`upserted`) and removed (`removedIds`) in one chat. */
  | { kind: 'messages'; chatId: string; upserted: readonly Message[]; removedIds: readonly string[] }
  /** Chats Linq no longer lists, removed from the cache with all their messages. */
  | { kind: 'chats-removed'; chatIds: readonly string[] }
  /** Chats as Linq lists them now: a title or the members may have changed, the messages did not. */
  | { kind: 'chats-listed'; chatIds: readonly string[] }

export type MessageChangeListener = (change: MessageChange) => void

export interface MessageWrites {
  /**
   * Writes messages and emits what changed with the chat's new preview and unread count. `replacedIds`
   * (outbox ids Linq has now accepted) always go out, so the renderer swaps its local rows even when the
   * cache already had the server copy from a poll.
   */
  store(
    chatId: string,
    messages: Message[],
    replacedIds?: string[],
  ): { changed: Message[]; chat: Chat | null }
  /** Removes messages (deleted on Linq, or by the user). */
  discard(chatId: string, messageIds: string[]): void
  /**
   * Older messages fetched because the user scrolled past the cache: kept in the cache when `keep` (it
   * drops them again past its bound), not sent to the renderer (they are the caller's answer).
   */
  older(chatId: string, messages: Message[], keep: boolean): void
  /** Chats as Linq lists them now: added or updated, and the ones it no longer lists removed. */
  putChats(chats: Chat[], removedIds: string[]): void
  /** Tells the renderer (and the badge) about chats whose preview or unread count changed. */
  emitChats(chats: Chat[], removedIds?: string[]): void
  subscribe(listener: MessageChangeListener): () => void
}

export function createMessageWrites(options: {
  cache: WorkspaceCache
  events: EventHub
  logger: Logger
  onUnreadTotal(total: number): void
}): MessageWrites {
  const { cache, events, logger } = options
  const listeners = new Set<MessageChangeListener>()

  const notify = (change: MessageChange) => {
    for (const listener of listeners) {
      try {
        listener(change)
      } catch (error) {
        // An index that fails must not stop the write or the other indexes.
        logger.error('message change listener failed', { error: errorMessage(error) })
      }
    }
  }

  const emitChats = (chats: Chat[], removedIds: string[] = []) => {
    if (chats.length === 0 && removedIds.length === 0) return
    const total = cache.unreadTotal()
    events.emit('chatsChanged', { chats, removedIds, unreadTotal: total })
    options.onUnreadTotal(total)
  }

  return {
    store(chatId, messages, replacedIds = []) {
      const { changed, chat } = cache.upsertMessages(chatId, messages)
      if (changed.length > 0 || replacedIds.length > 0) {
        events.emit('messagesUpserted', {
          chatId,
          messages: replacedIds.length > 0 ? messages : changed,
          replacedIds,
        })
      }
      if (chat && changed.length > 0) emitChats([chat])
      if (changed.length > 0) notify({ kind: 'messages', chatId, upserted: changed, removedIds: [] })
      return { changed, chat }
    },

    discard(chatId, messageIds) {
      const { removed, chat } = cache.removeMessages(chatId, messageIds)
      if (removed.length === 0) return
      events.emit('messagesRemoved', { chatId, messageIds: removed })
      if (chat) emitChats([chat])
      notify({ kind: 'messages', chatId, upserted: [], removedIds: removed })
    },

    older(chatId, messages, keep) {
      if (keep) cache.upsertMessages(chatId, messages)
      if (messages.length > 0) notify({ kind: 'messages', chatId, upserted: messages, removedIds: [] })
    },

    putChats(chats, removedIds) {
      if (removedIds.length > 0) {
        cache.removeChats(removedIds)
        notify({ kind: 'chats-removed', chatIds: removedIds })
      }
      emitChats(cache.putChats(chats), removedIds)
      if (chats.length > 0) notify({ kind: 'chats-listed', chatIds: chats.map((c) => c.id) })
    },

    emitChats,

    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
