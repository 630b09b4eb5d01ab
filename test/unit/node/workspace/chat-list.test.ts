// listChats's answer from a real cache read back from disk: the first screenful in list order, and every
// chat without a limit; the totals always cover every chat.
import { describe, expect, it } from 'vitest'
import { chatListAnswer } from '../../../../src/main/services/workspace/chat-list'
import { activityOf, compareInList } from '../../../../src/shared/chat-order'
import { cacheTestBed, testChat, testMessage } from '../../../support/cache-files'

const { open } = cacheTestBed('linq-chat-list-')

describe('listChats from the cache', () => {
  it('sends the first screenful by the list order, then every chat; totals cover all of them', () => {
    const cache = open({ writeDelayMs: 10 })
    // Chats joined in id order, but their activity is shuffled: the first pages on disk are not the newest.
    const chats = Array.from({ length: 120 }, (_, i) =>
      testChat(String(i), {
        lastActivityAt: i % 7 === 0 ? null : new Date(Date.UTC(2026, 0, 1, 0, (i * 37) % 120)).toISOString(),
      }),
    )
    cache.putChats(chats)
    cache.upsertMessages('119', [testMessage('119', 500, { unread: true, isFromMe: false })])
    cache.setDraft('3', 'a reply half typed')
    cache.close()

    const again = open()
    const all = chatListAnswer(again, ['5'])
    expect(all.chats).toHaveLength(120)
    expect(all.total).toBe(120)
    const first = chatListAnswer(again, ['5'], 50)
    const ordered = [...all.chats].sort((a, b) => compareInList(activityOf(a), a.id, activityOf(b), b.id))
    expect(first.chats.map((c) => c.id)).toEqual(ordered.slice(0, 50).map((c) => c.id))
    expect(first.chats[0]!.id).toBe('119')
    expect(first).toMatchObject({
      total: 120,
      unreadTotal: 1,
      drafts: { '3': 'a reply half typed' },
      mutedChatIds: ['5'],
    })
    // A limit past the list's length is the whole list.
    expect(chatListAnswer(again, [], 500).chats).toHaveLength(120)
  })

  it('answers the first screenful from the list’s head at start, as the whole list would', () => {
    const cache = open({ writeDelayMs: 10 })
    cache.putChats(Array.from({ length: 90 }, (_, i) => testChat(String(i))))
    for (const i of [4, 40, 80])
      cache.upsertMessages(String(i), [testMessage(String(i), i, { unread: true, isFromMe: false })])
    cache.setDraft('40', 'soon')
    cache.close()

    const fromHead = chatListAnswer(open(), [], 50)
    const again = open()
    again.chats()
    expect(fromHead).toEqual(chatListAnswer(again, [], 50))
    expect(fromHead.chats.slice(0, 3).map((c) => c.id)).toEqual(['80', '40', '4'])
    expect(fromHead).toMatchObject({ total: 90, unreadTotal: 3, drafts: { '40': 'soon' } })
  })
})
