// Attachment id → attachment, for the ids the renderer names (a media URL, "open", "save"): it only ever
// holds ids of messages main gave it, so the index is fed where messages leave main (the write path's
// changes, and the pages listMessages / loadOlderMessages hand out). It is an LRU of `maxEntries`, so it
// does not grow with a long session. A miss (evicted since) looks in the named chat's cached messages, or
// without a chat in the few chats most recently handed out: never a scan of every loaded chat.
import type { Attachment, Message } from '../../../shared/domain'

export interface AttachmentIndex {
  /** Remembers the attachments of messages handed to the renderer (or written through the write path). */
  add(chatId: string, messages: readonly Message[]): void
  /** The attachment, from the index or the bounded fallback; null when it is not here. */
  find(attachmentId: string, chatId?: string): Attachment | null
  size(): number
}

export interface AttachmentIndexOptions {
  /** A chat's cached messages, for the fallback. */
  messagesOf(chatId: string): readonly Message[]
  /** Default 5,000 attachments. */
  maxEntries?: number
  /** Chats the fallback looks in when the caller names none (default 8). */
  recentChats?: number
}

export function createAttachmentIndex(options: AttachmentIndexOptions): AttachmentIndex {
  const maxEntries = options.maxEntries ?? 5_000
  const maxRecent = options.recentChats ?? 8
  const entries = new Map<string, Attachment>()
  /** Chats whose messages were handed out lately, most recent last. */
  const recent = new Map<string, true>()

  const touch = <K, V>(map: Map<K, V>, key: K, value: V, max: number) => {
    map.delete(key)
    map.set(key, value)
    if (map.size > max) map.delete(map.keys().next().value as K)
  }

  const add = (chatId: string, messages: readonly Message[]) => {
    let any = false
    for (const message of messages) {
      for (const attachment of message.attachments) {
        touch(entries, attachment.id, attachment, maxEntries)
        any = true
      }
    }
    if (any) touch(recent, chatId, true, maxRecent)
  }

  const lookIn = (chatId: string, attachmentId: string): Attachment | null => {
    for (const message of options.messagesOf(chatId)) {
      const found = message.attachments.find((a) => a.id === attachmentId)
      if (found) {
        touch(entries, found.id, found, maxEntries)
        return found
      }
    }
    return null
  }

  return {
    add,
    find(attachmentId, chatId) {
      const known = entries.get(attachmentId)
      if (known) {
        touch(entries, attachmentId, known, maxEntries)
        return known
      }
      const chats = chatId ? [chatId] : [...recent.keys()].reverse()
      for (const id of chats) {
        const found = lookIn(id, attachmentId)
        if (found) return found
      }
      return null
    },
    size: () => entries.size,
  }
}
