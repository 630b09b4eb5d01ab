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

describe('reading a list time by hand', () => {
  const parsed = (s: string) => {
    const t = Date.parse(s)
    return Number.isNaN(t) ? -Infinity : t
  }

  it('reads every time toISOString writes exactly as Date.parse does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(100, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const iso = new Date(ms).toISOString()
        expect(activityOf({ lastActivityAt: iso })).toBe(ms)
      }),
      { numRuns: 2000 },
    )
  })

  it('agrees with Date.parse on damaged and other forms of times', () => {
    const base = '2024-03-31T23:59:59.999Z'
    const alphabet = [...'0123456789-:.TZ+ x']
    const mutated = fc
      .tuple(fc.nat({ max: 23 }), fc.constantFrom(...alphabet))
      .map(([at, c]) => base.slice(0, at) + c + base.slice(at + 1))
    const others = fc.constantFrom(
      '2024-01-01T10:00:00Z',
      '2024-01-01T10:00:00.000+00:00',
      '2024-02-30T10:00:00.000Z',
      '2024-13-01T10:00:00.000Z',
      '0050-01-01T10:00:00.000Z',
      '2024-01-01T24:00:00.000Z',
      '2024-01-01 10:00:00.000Z',
      '',
    )
    fc.assert(
      fc.property(fc.oneof(mutated, others), (s) => {
        expect(activityOf({ lastActivityAt: s })).toBe(parsed(s))
      }),
      { numRuns: 2000 },
    )
  })
})
