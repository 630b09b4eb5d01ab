import { afterEach, describe, expect, it } from 'vitest'
import {
  FIRST_PAGE,
  loadOlder,
  THREAD_DATA_MARK,
  THREAD_PAINTED_MARK,
  threadPainted,
} from '../../../../../src/renderer/state/actions/thread'
import { useMessagesStore } from '../../../../../src/renderer/state/messages'
import type { Message } from '../../../../../src/shared/domain'
import { at, makeChat, makeMessage } from '../../fake-linq'
import { openLoaded, startSignedIn } from '../../harness'

const m = (id: string, minute: number, extra: Partial<Message> = {}) =>
  makeMessage({ id, chatId: 'c1', text: id, sentAt: at(minute), ...extra })

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

describe('thread actions', () => {
  it('loads older pages before the oldest loaded message', async () => {
    const messages = Array.from({ length: FIRST_PAGE + 30 }, (_, i) => m(`m${i}`, i))
    const started = await startSignedIn({
      chats: [makeChat({ id: 'c1', lastActivityAt: at(200) })],
      messages,
    })
    disconnect = started.disconnect
    await openLoaded('c1')
    let thread = useMessagesStore.getState().threads.c1!
    expect(thread.keys).toHaveLength(FIRST_PAGE)
    expect(thread.hasOlder).toBe(true)
    await loadOlder('c1')
    thread = useMessagesStore.getState().threads.c1!
    expect(thread.keys).toHaveLength(FIRST_PAGE + 30)
    expect(thread.keys[0]).toBe('m0')
    expect(thread.hasOlder).toBe(false)
    expect(started.fake.callsOf('loadOlderMessages')).toEqual([{ chatId: 'c1', beforeId: 'm30', limit: 100 }])
  })

  it('pages before the oldest message Linq knows, not a send still in the outbox', async () => {
    const messages = Array.from({ length: FIRST_PAGE + 5 }, (_, i) => m(`m${i}`, 10 + i))
    const started = await startSignedIn({
      chats: [makeChat({ id: 'c1', lastActivityAt: at(200) })],
      messages,
    })
    disconnect = started.disconnect
    await openLoaded('c1')
    // A queued send with an earlier clock than the first page (its time comes from this computer).
    const queued = m('local_1', 1, { localId: 'local_1', isFromMe: true, status: 'queued' })
    useMessagesStore.getState().upsert('c1', [queued], [])
    expect(useMessagesStore.getState().threads.c1!.keys[0]).toBe('local_1')
    await loadOlder('c1')
    expect(started.fake.callsOf('loadOlderMessages')).toEqual([{ chatId: 'c1', beforeId: 'm5', limit: 100 }])
    expect(useMessagesStore.getState().threads.c1!.keys).toHaveLength(FIRST_PAGE + 6)
  })

  it('marks data arrival when the first page resolves and painted once the thread says so', async () => {
    performance.clearMarks()
    performance.clearMeasures()
    const started = await startSignedIn({ chats: [makeChat({ id: 'c1' })], messages: [m('a', 1)] })
    disconnect = started.disconnect
    await openLoaded('c1')
    expect(performance.getEntriesByName(THREAD_DATA_MARK)).toHaveLength(1)
    threadPainted('other-chat')
    expect(performance.getEntriesByName(THREAD_PAINTED_MARK)).toHaveLength(0)
    threadPainted('c1')
    threadPainted('c1')
    expect(performance.getEntriesByName(THREAD_PAINTED_MARK)).toHaveLength(1)
    expect(performance.getEntriesByName('linq:thread-open')).toHaveLength(1)
  })
})
