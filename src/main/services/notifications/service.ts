// Raises notifications for new inbound messages and keeps the badge at the unread total. Never throws: a
// notification that cannot be shown is logged, and the message is still there in the app.
import type { Chat, Message, Settings } from '../../../shared/domain'
import type { Logger } from '../log'
import { decideNotification } from './policy'
import type { Badge, Notifier } from './types'

/** Message ids remembered so a message never notifies twice (e.g. seen by two overlapping polls). */
const SEEN_LIMIT = 1_000

export interface NotificationServiceOptions {
  notifier: Notifier
  badge: Badge
  settings: () => Settings
  presence: () => { focused: boolean; activeChatId: string | null }
  openChat: (chatId: string) => void
  logger: Logger
}

export function createNotificationService(options: NotificationServiceOptions) {
  const { logger } = options
  const open = new Map<string, { close(): void }>()
  const seen = new Set<string>()
  let badgeCount: number | null = null

  const forget = (chatId: string) => {
    const shown = open.get(chatId)
    open.delete(chatId)
    try {
      shown?.close()
    } catch {
      // Already dismissed by the system.
    }
  }

  return {
    onInbound(chat: Chat, messages: Message[], origin: 'live' | 'backfill'): void {
      const unseen = messages.filter((m) => !seen.has(m.id))
      for (const m of unseen) {
        seen.add(m.id)
        if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!)
      }
      const content = decideNotification({
        chat,
        messages: unseen,
        origin,
        presence: options.presence(),
        settings: options.settings(),
      })
      if (!content || !options.notifier.isSupported()) return
      try {
        forget(chat.id)
        open.set(
          chat.id,
          options.notifier.show(content, () => {
            open.delete(chat.id)
            options.openChat(chat.id)
          }),
        )
      } catch (error) {
        logger.warn('notification failed', { error: error instanceof Error ? error.message : String(error) })
      }
    },

    setUnreadTotal(total: number): void {
      if (total === badgeCount) return
      badgeCount = total
      try {
        options.badge.set(total)
      } catch (error) {
        logger.warn('badge update failed', { error: error instanceof Error ? error.message : String(error) })
      }
    },

    /** The user opened the chat: its notification has done its job. */
    clearChat: forget,

    dispose(): void {
      for (const chatId of [...open.keys()]) forget(chatId)
    },
  }
}

export type NotificationService = ReturnType<typeof createNotificationService>
