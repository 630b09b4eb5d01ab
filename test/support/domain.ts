// Complete domain objects for tests: every field set, so a test names only what it is about.
import type { Chat, Message } from '../../src/shared/domain'

export function makeChat(extra: Partial<Chat> = {}): Chat {
  return {
    id: '10',
    phoneNumber: '+15550000001',
    title: 'Dana Reyes',
    service: 'iMessage',
    isGroup: false,
    participants: [{ id: '1', handle: '+15551112222', service: 'iMessage' }],
    messageCount: 3,
    lastMessage: null,
    lastActivityAt: null,
    unreadCount: 1,
    ...extra,
  }
}

let nextId = 1

/** An inbound text message in chat 10, with a fresh id unless one is given. */
export function makeMessage(extra: Partial<Message> = {}): Message {
  return {
    id: String(nextId++),
    chatId: '10',
    localId: null,
    text: 'Is the order ready?',
    sentAt: '2026-11-25T10:00:00.000Z',
    isFromMe: false,
    from: '+15551112222',
    status: 'received',
    failure: null,
    upload: null,
    editedAt: null,
    unread: true,
    attachments: [],
    reactions: [],
    ...extra,
  }
}
