// What the search index keeps of a message: enough to match it (its text and its files' names), filter it
// (chat, time, from me, attachments) and show a hit (the text for the snippet) without opening the chat's
// cache file, so hits older than what the cache keeps still show. Chat names are not stored per message:
// they come from the chat (namesOf) when the index is built or loaded.
import { z } from 'zod'
import type { Chat, Message } from '../../../shared/domain'

export interface SearchDoc {
  chatId: string
  messageId: string
  /** Epoch ms. */
  sentAt: number
  fromMe: boolean
  hasAttachment: boolean
  /** The message's text, then its files' names, one per line. */
  text: string
}

/** One line of the persisted index (short keys: 50,000 of them). */
export const storedDoc = z.strictObject({
  c: z.string().min(1).max(64),
  m: z.string().min(1).max(64),
  t: z.number().finite(),
  f: z.boolean(),
  a: z.boolean(),
  x: z.string().max(200_000),
})
export type StoredDoc = z.infer<typeof storedDoc>

export const toStored = (d: SearchDoc): StoredDoc => ({
  c: d.chatId,
  m: d.messageId,
  t: d.sentAt,
  f: d.fromMe,
  a: d.hasAttachment,
  x: d.text,
})

export const fromStored = (s: StoredDoc): SearchDoc => ({
  chatId: s.c,
  messageId: s.m,
  sentAt: s.t,
  fromMe: s.f,
  hasAttachment: s.a,
  text: s.x,
})

export function toDoc(message: Message): SearchDoc {
  return {
    chatId: message.chatId,
    messageId: message.id,
    sentAt: Date.parse(message.sentAt) || 0,
    fromMe: message.isFromMe,
    hasAttachment: message.attachments.length > 0,
    text: [message.text, ...message.attachments.map((a) => a.filename)].join('\n'),
  }
}

/**
 * The words a chat is found by: its title and its participants' numbers and addresses. Contact names join
 * here, in this one place, when the app has them.
 */
export function namesOf(
  chat: Pick<Chat, 'title' | 'participants'>,
  /** The contact's name for a handle (issue 17's contacts), when there is one. */
  nameOf?: (handle: string) => string,
): string {
  const handles = chat.participants.map((p) => p.handle)
  const names = nameOf ? handles.map(nameOf).filter((name) => !handles.includes(name)) : []
  return [chat.title, ...handles, ...names].join(' ')
}
