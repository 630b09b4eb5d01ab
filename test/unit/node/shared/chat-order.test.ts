import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { activityOf, compareInList, firstInList } from '../../../../src/shared/chat-order'
import type { Chat } from '../../../../src/shared/domain'

const chat = (id: string, lastActivityAt: string | null): Chat => ({
  id,
  phoneNumber: '+14155550100',
  title: id,
  service: 'iMessage',
  isGroup: false,
  participants: [],
  messageCount: 0,
  lastMessage: null,
  lastActivityAt,
  unreadCount: 0,
})

/** The list order the slow, obvious way: every chat sorted. */
const sorted = (chats: Chat[]) =>
  [...chats].sort((a, b) => compareInList(activityOf(a), a.id, activityOf(b), b.id))

describe('chat list order', () => {
  it('puts the newest first, ties by id, and chats without (or with unreadable) activity last', () => {
    const chats = [
      chat('b', '2024-01-01T10:00:00Z'),
      chat('none', null),
      chat('a', '2024-01-01T10:00:00Z'),
      chat('bad', 'not a time'),
      // The same instant in another offset is the same time.
      chat('new', '2024-01-01T12:00:00+02:00'),
      chat('newest', '2024-01-02T00:00:00Z'),
    ]
    expect(sorted(chats).map((c) => c.id)).toEqual(['newest', 'a', 'b', 'new', 'bad', 'none'])
    expect(firstInList(chats, 3).map((c) => c.id)).toEqual(['newest', 'a', 'b'])
    expect(firstInList(chats, 50).map((c) => c.id)).toEqual(sorted(chats).map((c) => c.id))
    expect(firstInList(chats, 0)).toEqual([])
  })

  it('picks exactly the first `limit` chats of the sorted list, whatever the input order', () => {
    const times = fc.option(
      fc
        .integer({ min: 0, max: 40 })
        .map((minute) => new Date(Date.UTC(2024, 0, 1, 9, minute)).toISOString()),
    )
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), times), {
          selector: ([id]) => id,
          maxLength: 200,
        }),
        fc.integer({ min: 1, max: 60 }),
        (entries, limit) => {
          const chats = entries.map(([id, time]) => chat(id, time))
          expect(firstInList(chats, limit)).toEqual(sorted(chats).slice(0, limit))
        },
      ),
      { numRuns: 300 },
    )
  })
})
