// Which messages deserve a system notification, and what it says. Pure, so every rule is tested.
import type { Attachment, Chat, Message, Settings } from '../../../shared/domain'
import type { NotificationContent } from './types'

const MAX_BODY = 140

/** "Photo", "2 photos", "Video", "File: contract.pdf", "3 attachments"; null without attachments. */
export function attachmentSummary(attachments: readonly Attachment[]): string | null {
  if (attachments.length === 0) return null
  const images = attachments.filter((a) => a.mimeType.startsWith('image/')).length
  const videos = attachments.filter((a) => a.mimeType.startsWith('video/')).length
  if (images === attachments.length) return images === 1 ? 'Photo' : `${images} photos`
  if (videos === attachments.length) return videos === 1 ? 'Video' : `${videos} videos`
  if (attachments.length === 1) return `File: ${attachments[0]!.filename}`
  return `${attachments.length} attachments`
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_BODY ? flat.slice(0, MAX_BODY - 1).trimEnd() + '…' : flat
}

export interface NotificationInput {
  chat: Chat
  messages: readonly Message[]
  origin: 'live' | 'backfill'
  presence: { focused: boolean; activeChatId: string | null }
  settings: Settings
}

export function decideNotification(input: NotificationInput): NotificationContent | null {
  const { chat, presence, settings } = input
  if (input.origin !== 'live' || !settings.notificationsEnabled) return null
  if (presence.focused && presence.activeChatId === chat.id) return null
  const inbound = input.messages.filter((m) => !m.isFromMe && m.status === 'received')
  const newest = inbound.at(-1)
  if (!newest) return null
  const tag = 'chat:' + chat.id
  if (!settings.notificationPreviews) return { chatId: chat.id, title: 'New message', body: '', tag }

  const sender = newest.from || chat.title
  const content = clip(newest.text) || attachmentSummary(newest.attachments) || 'New message'
  const more = inbound.length > 1 ? ` (+${inbound.length - 1} more)` : ''
  return chat.isGroup
    ? { chatId: chat.id, title: chat.title, body: `${sender}: ${content}${more}`, tag }
    : { chatId: chat.id, title: sender, body: content + more, tag }
}
