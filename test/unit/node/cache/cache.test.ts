// The offline cache on the same engine electron-store uses (conf), on real files in a temp folder.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { confEngine, type StoreEngine } from '../../../../src/main/services/cache/engine'
import { createLogger } from '../../../../src/main/services/log'
import { cacheTestBed, testChat, testMessage } from '../../../support/cache-files'

let logLines: string[] = []
const { dir, open } = cacheTestBed('linq-cache-', () => {
  logLines = []
  return {
    logger: createLogger({ console: false, sink: (line) => logLines.push(line) }),
    writeDelayMs: 20,
    attachmentSummary: (m) => (m.attachments.length > 0 ? 'Photo' : null),
  }
})

const chat = testChat
const message = testMessage

describe('the workspace cache', () => {
  it('reads back after a restart exactly what was written', () => {
    const cache = open()
    cache.setPhoneNumbers([{ id: '1', number: '+15550000001', forwardingNumber: null }])
    cache.putChats([chat('1'), chat('2', { isGroup: true })])
    const messages = Array.from({ length: 30 }, (_, n) => message('1', n, n === 29 ? { unread: true } : {}))
    cache.upsertMessages('1', messages)
    cache.setDraft('2', 'half-written reply')
    cache.setMeta('1', { syncedCount: 30, hasOlder: false })
    cache.close()

    const again = open()
    expect(again.phoneNumbers()).toEqual([{ id: '1', number: '+15550000001', forwardingNumber: null }])
    expect(again.messages('1')).toEqual(messages)
    expect(again.drafts()).toEqual({ '2': 'half-written reply' })
    expect(again.meta('1')).toEqual({ syncedCount: 30, hasOlder: false })
    expect(again.chat('1')).toMatchObject({
      lastMessage: { text: 'message 29', isFromMe: false },
      lastActivityAt: messages[29]!.sentAt,
      unreadCount: 1,
    })
    expect(again.chats().map((c) => c.id)).toEqual(['1', '2'])
  })

  it('gathers many changes into one write per file', async () => {
    const writes: string[] = []
    const counting: StoreEngine = (o) => {
      const file = confEngine(o)
      return { ...file, path: file.path, read: file.read, write: (v) => (writes.push(o.name), file.write(v)) }
    }
    const cache = open({ engine: counting })
    cache.putChats([chat('1')])
    for (let n = 0; n < 100; n++) cache.upsertMessages('1', [message('1', n)])
    expect(writes).toEqual([])
    await new Promise((r) => setTimeout(r, 60))
    // The chat's page, its page of the list, and the list's head (the chat moved to its top).
    expect(writes.sort()).toEqual(['chats/1/0', 'head', 'index/0'])
  })

  it('a new message rewrites its own chat file only', async () => {
    const cache = open()
    cache.putChats([chat('1'), chat('2')])
    cache.upsertMessages(
      '1',
      Array.from({ length: 500 }, (_, n) => message('1', n)),
    )
    cache.upsertMessages('2', [message('2', 1)])
    cache.flush()
    const bigChat = join(dir(), 'chats', '1')
    const contents = () => readdirSync(bigChat).map((f) => readFileSync(join(bigChat, f), 'utf8'))
    const before = contents()
    expect(before.length).toBeGreaterThan(1)
    cache.upsertMessages('2', [message('2', 2)])
    cache.flush()
    expect(contents()).toEqual(before)
    expect(
      open()
        .messages('2')
        .map((m) => m.text),
    ).toEqual(['message 1', 'message 2'])
  })

  it('survives a chat file truncated mid-write: moved aside, logged, and the chat marked for a resync', () => {
    const cache = open()
    cache.putChats([chat('1')])
    cache.upsertMessages(
      '1',
      Array.from({ length: 50 }, (_, n) => message('1', n)),
    )
    cache.setMeta('1', { syncedCount: 50, hasOlder: false })
    cache.close()
    const file = join(dir(), 'chats', '1', '0.json')
    const text = readFileSync(file, 'utf8')
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)))

    const again = open()
    expect(again.chats().map((c) => c.id)).toEqual(['1'])
    expect(again.messages('1')).toEqual([])
    expect(again.meta('1').syncedCount).toBeNull()
    expect(readdirSync(join(dir(), 'chats', '1')).some((f) => f.startsWith('0.json.corrupt-'))).toBe(true)
    expect(logLines.join('\n')).toMatch(/cache file unreadable/)
    // And it works again afterwards.
    again.upsertMessages('1', [message('1', 1)])
    again.close()
    expect(open().messages('1')).toHaveLength(1)
  })

  it('survives a garbage index: starts empty instead of crashing', () => {
    writeFileSync(join(dir(), 'index.json'), '{"schemaVersion": 1, "chats": [')
    const cache = open()
    expect(cache.chats()).toEqual([])
    expect(readdirSync(dir()).some((f) => f.startsWith('index.json.corrupt-'))).toBe(true)
  })

  it('migrates an unversioned file and sets aside one from a newer version', () => {
    writeFileSync(join(dir(), 'index.json'), JSON.stringify({ chats: [chat('7')], drafts: { '7': 'hi' } }))
    const migrated = open()
    expect(migrated.chats().map((c) => c.id)).toEqual(['7'])
    expect(migrated.drafts()).toEqual({ '7': 'hi' })
    migrated.setDraft('7', 'hi there')
    migrated.close()
    // Rewritten in today's layout (index pages, drafts apart), and the old file gone.
    expect(existsSync(join(dir(), 'index.json'))).toBe(false)
    expect(JSON.parse(readFileSync(join(dir(), 'drafts.json'), 'utf8'))).toEqual({
      schemaVersion: 2,
      drafts: { '7': 'hi there' },
    })

    writeFileSync(join(dir(), 'index', '0.json'), JSON.stringify({ schemaVersion: 99, chats: [chat('8')] }))
    expect(open().chats()).toEqual([])
    expect(logLines.join('\n')).toMatch(/schema version 99/)
  })

  it('keeps at most the configured number of newest messages per chat, and says older ones exist', () => {
    const cache = open({ maxMessagesPerChat: 100 })
    cache.putChats([chat('1')])
    cache.setMeta('1', { hasOlder: false })
    for (let start = 0; start < 1000; start += 50) {
      cache.upsertMessages(
        '1',
        Array.from({ length: 50 }, (_, i) => message('1', start + i)),
      )
    }
    cache.close()
    const again = open({ maxMessagesPerChat: 100 })
    const kept = again.messages('1')
    expect(kept).toHaveLength(100)
    expect(kept[0]!.text).toBe('message 900')
    expect(kept.at(-1)!.text).toBe('message 999')
    expect(again.meta('1').hasOlder).toBe(true)
    expect(again.page('1', 30, kept[10]!.id)).toEqual({ messages: kept.slice(0, 10), hasOlderCached: false })
  })

  it('keeps messages in time order whatever order they arrive in, and reports only real changes', () => {
    const cache = open()
    cache.putChats([chat('1')])
    cache.upsertMessages('1', [message('1', 5), message('1', 1)])
    cache.upsertMessages('1', [message('1', 3)])
    expect(cache.messages('1').map((m) => m.text)).toEqual(['message 1', 'message 3', 'message 5'])
    expect(cache.upsertMessages('1', [message('1', 3)]).changed).toEqual([])
    const edited = message('1', 3, { text: 'edited', editedAt: '2026-02-01T00:00:00.000Z' })
    expect(cache.upsertMessages('1', [edited]).changed).toEqual([edited])
    expect(cache.removeMessages('1', ['1005', 'nope']).removed).toEqual(['1005'])
    expect(cache.chat('1')!.lastMessage?.text).toBe('edited')
  })

  it("orders equal send times by Linq's integer id, then messages Linq has not accepted yet", () => {
    const cache = open()
    cache.putChats([chat('1')])
    const sentAt = '2026-01-01T10:00:00.000Z'
    const at = (id: string, isFromMe: boolean) => message('1', 0, { id, sentAt, isFromMe })
    cache.upsertMessages('1', [at('1000', false), at('local_a', true), at('100', true), at('99', false)])
    cache.upsertMessages('1', [
      at('101', false),
      message('1', 0, { id: '5', sentAt: '2026-01-01T09:59:59.999Z' }),
    ])
    expect(cache.messages('1').map((m) => m.id)).toEqual(['5', '99', '100', '101', '1000', 'local_a'])
  })

  it('putChats keeps what only the cache knows (last message, unread) and removeChats deletes files', () => {
    const cache = open()
    cache.putChats([chat('1')])
    cache.upsertMessages('1', [message('1', 1, { unread: true, attachments: [] })])
    const changed = cache.putChats([chat('1', { title: 'Renamed', messageCount: 1 })])
    expect(changed[0]).toMatchObject({ title: 'Renamed', unreadCount: 1, lastMessage: { text: 'message 1' } })
    cache.flush()
    expect(existsSync(join(dir(), 'chats', '1', '0.json'))).toBe(true)
    cache.removeChats(['1'])
    expect(existsSync(join(dir(), 'chats', '1'))).toBe(false)
    expect(cache.chats()).toEqual([])
  })
})
