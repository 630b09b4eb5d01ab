// Which messages deserve a system notification, and what it says. Pure, so every rule is tested.
import type { Attachment, Chat, Message, Settings } from '../../../shared/domain'
import type { NotificationContent } from './types'

/** Longest preview text; OS banners cut far shorter anyway, and a preview is not the place to read. */
export const MAX_PREVIEW = 140
const NEW_MESSAGE = 'New message'

export type InboundOrigin = 'live' | 'backfill'

export interface Presence {
  focused: boolean
  activeChatId: string | null
}

/** "Photo", "2 photos", "Video", "File: contract.pdf", "3 attachments"; null without attachments. */
export function attachmentSummary(attachments: readonly Attachment[]): string | null {
  const first = attachments[0]
  if (!first) return null
  const images = attachments.filter((a) => a.mimeType.startsWith('image/')).length
  const videos = attachments.filter((a) => a.mimeType.startsWith('video/')).length
  if (images === attachments.length) return images === 1 ? 'Photo' : `${images} photos`
  if (videos === attachments.length) return videos === 1 ? 'Video' : `${videos} videos`
  if (attachments.length === 1) return `File: ${first.filename}`
  return `${attachments.length} attachments`
}

/** One line, at most MAX_PREVIEW characters, cut on code points so an emoji is never split in half. */
export function clipPreview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const chars = Array.from(flat)
  return chars.length > MAX_PREVIEW
    ? chars
        .slice(0, MAX_PREVIEW - 1)
        .join('')
        .trimEnd() + '…'
    : flat
}

export interface NotificationInput {
  chat: Chat
  messages: readonly Message[]
  origin: InboundOrigin
  presence: Presence
  settings: Settings
  /** The user muted this chat's notifications. */
  muted: boolean
  /** Epoch ms, for do not disturb. */
  now: number
  /** Conversations: who a handle is (a contact's name, or the number formatted); the handle when absent. */
  nameOf?: (handle: string) => string
}

/** Do not disturb is on at `now` (its end has not come). */
export function doNotDisturb(settings: Settings, now: number): boolean {
  return settings.doNotDisturbUntil !== null && now < settings.doNotDisturbUntil
}

/** Sync hands messages over in page order, which is not always oldest-first: pick by time. */
function newestOf(messages: readonly Message[]): Message | undefined {
  let newest: Message | undefined
  for (const m of messages) if (!newest || Date.parse(m.sentAt) >= Date.parse(newest.sentAt)) newest = m
  return newest
}

export function decideNotification(input: NotificationInput): NotificationContent | null {
  const { chat, presence, settings } = input
  if (input.origin !== 'live' || !settings.notificationsEnabled) return null
  // Muted chats and do not disturb stay quiet; their messages still count as unread on the badge.
  if (input.muted || doNotDisturb(settings, input.now)) return null
  // The user is reading this chat right now; anything else (other chat, app in the background) notifies.
  if (presence.focused && presence.activeChatId === chat.id) return null
  const inbound = input.messages.filter((m) => !m.isFromMe && m.status === 'received')
  const newest = newestOf(inbound)
  if (!newest) return null
  const tag = 'chat:' + chat.id
  if (!settings.notificationPreviews) return { chatId: chat.id, title: NEW_MESSAGE, body: '', tag }

  const sender =
    (newest.from.trim() && input.nameOf?.(newest.from.trim())) || newest.from.trim() || chat.title
  const content = clipPreview(newest.text) || attachmentSummary(newest.attachments) || NEW_MESSAGE
  const more = inbound.length > 1 ? ` (+${inbound.length - 1} more)` : ''
  return chat.isGroup
    ? { chatId: chat.id, title: chat.title, body: `${sender}: ${content}${more}`, tag }
    : { chatId: chat.id, title: sender, body: content + more, tag }
}
