// Reading a chat a page at a time (cache.messagePages, used by the search index's rebuild): one page file
// per step without opening the chat, the same messages as messages() has, and a damaged page handled as
// opening the chat handles it.
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cacheTestBed, testChat as chat, testMessage as message } from '../../../support/cache-files'

const { dir, open } = cacheTestBed('linq-cache-message-pages-', () => ({ writeDelayMs: 10_000 }))
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

function seeded(count: number) {
  const cache = open()
  cache.putChats([chat('1')])
  cache.upsertMessages(
    '1',
    range(0, count).map((n) => message('1', n)),
  )
  cache.setMeta('1', { syncedCount: count, hasOlder: false })
  cache.close()
}

describe('messagePages', () => {
  it('reads one page file per step, without opening the chat', () => {
    seeded(250)
    const cache = open()
    const steps = [...cache.messagePages('1')]
    expect(steps.map((step) => step.length)).toEqual([100, 100, 50])
    expect(steps.flat()).toEqual(open().messages('1'))
    // Not kept open: with its files gone, the chat opens empty.
    rmSync(join(dir(), 'chats', '1'), { recursive: true })
    expect(cache.messages('1')).toEqual([])
  })

  it('an open chat comes from memory, a page per step', () => {
    seeded(150)
    const cache = open()
    const messages = cache.messages('1')
    const steps = [...cache.messagePages('1')]
    expect(steps.map((step) => step.length)).toEqual([100, 50])
    expect(steps.flat()).toEqual(messages)
  })

  it('a damaged page loses that page only and marks the chat for a resync, as a whole read does', () => {
    seeded(250)
    writeFileSync(join(dir(), 'chats', '1', '1.json'), '{"schemaVersion": 2, "messages": [')
    const cache = open()
    const texts = [...cache.messagePages('1')].flat().map((m) => m.text)
    expect(texts).toEqual([...range(0, 100), ...range(200, 250)].map((n) => `message ${n}`))
    expect(cache.meta('1')).toEqual({ syncedCount: null, hasOlder: true })
    expect(readdirSync(join(dir(), 'chats', '1')).some((f) => f.startsWith('1.json.corrupt-'))).toBe(true)
  })
})
