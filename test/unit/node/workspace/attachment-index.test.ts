// The attachment index: bounded, fed by what main hands out, and a miss looks only where it may.
import { describe, expect, it } from 'vitest'
import type { Message } from '../../../../src/shared/domain'
import { createAttachmentIndex } from '../../../../src/main/services/workspace/attachment-index'
import { makeMessage } from '../../../support/domain'

const withAttachments = (id: string, ...attachmentIds: string[]): Message => ({
  ...makeMessage({ id }),
  attachments: attachmentIds.map((a) => ({
    id: a,
    filename: `${a}.png`,
    mimeType: 'image/png',
    sizeBytes: 1,
    src: '/media/attachment/' + a,
    remoteUrl: 'https://cdn.example/' + a,
  })),
})

describe('attachment index', () => {
  it('finds what was added; keeps at most maxEntries, dropping the least recently used', () => {
    const index = createAttachmentIndex({ messagesOf: () => [], maxEntries: 3 })
    index.add('c1', [withAttachments('m1', 'a1', 'a2'), withAttachments('m2', 'a3')])
    expect(index.find('a1')?.filename).toBe('a1.png')
    index.add('c1', [withAttachments('m3', 'a4')])
    expect(index.size()).toBe(3)
    // a1 was used after a2 was added, so a2 went first.
    expect(index.find('a2')).toBeNull()
    expect(index.find('a1')).not.toBeNull()
    expect(index.find('a4')).not.toBeNull()
  })

  it('a miss looks in the named chat only, and remembers what it found', () => {
    const looked: string[] = []
    const chats: Record<string, Message[]> = {
      c1: [withAttachments('m1', 'x1')],
      c2: [withAttachments('m2', 'x2')],
    }
    const index = createAttachmentIndex({
      messagesOf: (chatId) => {
        looked.push(chatId)
        return chats[chatId] ?? []
      },
    })
    expect(index.find('x2', 'c1')).toBeNull()
    expect(looked).toEqual(['c1'])
    expect(index.find('x2', 'c2')?.id).toBe('x2')
    expect(index.find('x2')?.id).toBe('x2')
    expect(looked).toEqual(['c1', 'c2'])
  })

  it('without a chat, a miss looks only in the few chats handed out most recently', () => {
    const looked: string[] = []
    const index = createAttachmentIndex({
      messagesOf: (chatId) => {
        looked.push(chatId)
        return chatId === 'c9' ? [withAttachments('m', 'late')] : []
      },
      maxEntries: 1,
      recentChats: 2,
    })
    for (const chatId of ['c7', 'c8', 'c9']) index.add(chatId, [withAttachments('m' + chatId, 'a' + chatId)])
    // Evicted from the index (it holds one), found again in c9, the most recent chat.
    expect(index.find('late')?.id).toBe('late')
    expect(looked).toEqual(['c9'])
    looked.length = 0
    expect(index.find('nowhere')).toBeNull()
    expect(looked).toEqual(['c9', 'c8'])
  })
})
