// Raises notifications for new inbound messages and keeps the badge at the unread total. Never throws: a
// notification that cannot be shown is logged, and the message is still there in the app.
import type { Chat, Message, Settings } from '../../../shared/domain'
import type { Logger } from '../log'
import { decideNotification, type InboundOrigin, type Presence } from './policy'
import type { Badge, Notifier, ShownNotification } from './types'
import { errorMessage } from '../../../shared/error-message'

/** Message ids remembered so a message never notifies twice (e.g. seen by two overlapping polls). */
export const SEEN_LIMIT = 1_000

export interface NotificationServiceOptions {
  notifier: Notifier
  badge: Badge
  settings: () => Settings
  presence: () => Presence
  /** The user muted this chat's notifications. */
  isMuted?: (chatId: string) => boolean
  /** A notification was clicked; the composition root focuses the window and opens the chat. */
  openChat: (chatId: string) => void
  /** A reply typed into a notification: queued in the outbox like any send. */
  reply?: (chatId: string, text: string) => Promise<void>
  /** Conversations: names for senders' handles (contacts). */
  nameOf?: (handle: string) => string
  logger: Logger
  now?: () => number
}

export interface NotificationService {
  onInbound(chat: Chat, messages: Message[], origin: InboundOrigin): void
  setUnreadTotal(total: number): void
  /** The user opened the chat (or muted it): its notification has done its job. */
  clearChat(chatId: string): void
  /** Chats whose unread messages were read (here or on another device): their notifications go. */
  clearRead(chats: readonly Chat[]): void
  dispose(): void
}

export function createNotificationService(options: NotificationServiceOptions): NotificationService {
  const { logger } = options
  const open = new Map<string, ShownNotification>()
  // A Set keeps insertion order, so the oldest id is the first one to go.
  const seen = new Set<string>()
  let badgeCount: number | null = null
  let disposed = false

  const remember = (id: string): boolean => {
    if (seen.has(id)) return false
    seen.add(id)
    if (seen.size > SEEN_LIMIT) {
      const oldest = seen.values().next()
      if (!oldest.done) seen.delete(oldest.value)
    }
    return true
  }

  const close = (chatId: string): void => {
    const shown = open.get(chatId)
    if (!shown) return
    open.delete(chatId)
    try {
      shown.close()
    } catch (error) {
      // Usually already dismissed by the system; nothing left to do.
      logger.debug('closing notification failed', { chatId, error: errorMessage(error) })
    }
  }

  const show = (chat: Chat, messages: Message[], origin: InboundOrigin): void => {
    // Every id is remembered, whether or not it notifies, so a backfilled or read message cannot notify later.
    const unseen = messages.filter((m) => remember(m.id))
    const content = decideNotification({
      chat,
      messages: unseen,
      origin,
      presence: options.presence(),
      settings: options.settings(),
      muted: options.isMuted?.(chat.id) ?? false,
      now: (options.now ?? Date.now)(),
      nameOf: options.nameOf,
    })
    if (!content || !options.notifier.isSupported()) return
    close(chat.id)
    let shown: ShownNotification | null = null
    // An older notification of this chat may still be on screen; only forget the handle if it is this one.
    const forget = () => {
      if (shown && open.get(chat.id) === shown) open.delete(chat.id)
    }
    shown = options.notifier.show(content, {
      onClick() {
        forget()
        if (disposed) return
        try {
          options.openChat(chat.id)
        } catch (error) {
          logger.warn('opening chat from notification failed', {
            chatId: chat.id,
            error: errorMessage(error),
          })
        }
      },
      onReply(text) {
        forget()
        if (disposed || !options.reply || text.trim() === '') return
        // Never logged with its text; a refusal (signed out, too long) is logged and the reply is lost only
        // if the outbox could not take it.
        options.reply(chat.id, text).catch((error: unknown) =>
          logger.warn('reply from notification not queued', {
            chatId: chat.id,
            error: errorMessage(error),
          }),
        )
      },
    })
    open.set(chat.id, shown)
  }

  return {
    onInbound(chat, messages, origin) {
      if (disposed) return
      try {
        show(chat, messages, origin)
      } catch (error) {
        // No message text in the log: previews may be off for privacy.
        logger.warn('notification failed', { chatId: chat.id, error: errorMessage(error) })
      }
    },

    setUnreadTotal(total) {
      if (disposed) return
      const count = Number.isFinite(total) ? Math.max(0, Math.floor(total)) : 0
      if (count === badgeCount) return
      try {
        options.badge.set(count)
        // Recorded only once written, so a failed update is tried again on the next call.
        badgeCount = count
      } catch (error) {
        logger.warn('badge update failed', { count, error: errorMessage(error) })
      }
    },

    clearChat(chatId) {
      close(chatId)
    },

    clearRead(chats) {
      for (const chat of chats) if (chat.unreadCount === 0) close(chat.id)
    },

    dispose() {
      for (const chatId of [...open.keys()]) close(chatId)
      disposed = true
    },
  }
}
