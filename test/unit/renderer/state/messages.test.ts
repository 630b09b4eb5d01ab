import { waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  FIRST_PAGE,
  loadOlder,
  THREAD_DATA_MARK,
  THREAD_PAINTED_MARK,
  threadPainted,
} from '../../../../src/renderer/state/actions'
import { useChatsStore } from '../../../../src/renderer/state/chats'
import { DRAFT_SAVE_MS, flushDrafts, useDraftsStore } from '../../../../src/renderer/state/drafts'
import { messageAt, messageById, rowKeyOf, useMessagesStore } from '../../../../src/renderer/state/messages'
import type { Message } from '../../../../src/shared/domain'
import { at, makeChat, makeMessage } from '../fake-linq'
import { openLoaded, startSignedIn } from '../harness'

const m = (id: string, minute: number, extra: Partial<Message> = {}) =>
  makeMessage({ id, chatId: 'c1', text: id, sentAt: at(minute), ...extra })

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

describe('messages store', () => {
  const threadOf = () => useMessagesStore.getState().threads.c1!
  const load = (messages: Message[]) => {
    useMessagesStore.getState().clear()
    useMessagesStore.getState().beginLoad('c1')
    useMessagesStore.getState().loaded('c1', messages, true)
  }

  it('orders rows by time and keeps the key list when only a message changes', () => {
    load([m('b', 2), m('a', 1), m('c', 3)])
    const thread = threadOf()
    expect(thread.keys).toEqual(['a', 'b', 'c'])
    const [a, b] = [messageAt(thread, 'a'), messageAt(thread, 'b')]
    useMessagesStore.getState().upsert('c1', [m('b', 2, { status: 'received', text: 'b, edited' })], [])
    const updated = threadOf()
    // A new thread with the same key array: the list does not re-render, only the row of 'b' sees a new object.
    expect(updated).not.toBe(thread)
    expect(updated.keys).toBe(thread.keys)
    expect(messageAt(updated, 'b')).not.toBe(b)
    expect(messageAt(updated, 'b')!.text).toBe('b, edited')
    expect(messageAt(updated, 'a')).toBe(a)
  })

  it('never changes a value in its state in place: each change is a new object', () => {
    const local = m('local_1', 5, { localId: 'local_1', isFromMe: true, status: 'sending' })
    load([m('a', 1), m('b', 2), local])
    // Frozen, any write into what subscribers hold (the threads, their key arrays, the messages) throws.
    const changes: (() => void)[] = [
      () => useMessagesStore.getState().olderLoaded('c1', [m('0', 0)], false),
      () => useMessagesStore.getState().uploadProgress('c1', 'local_1', 10, 20),
      () => useMessagesStore.getState().updateMessage('c1', 'a', (x) => ({ ...x, text: 'a, edited' })),
      () => useMessagesStore.getState().upsert('c1', [m('srv_1', 5, { isFromMe: true })], ['local_1']),
      () => useMessagesStore.getState().remove('c1', ['b']),
      () => useMessagesStore.getState().beginLoad('c1'),
    ]
    for (const change of changes) {
      deepFreeze(useMessagesStore.getState().threads)
      change()
    }
    expect(threadOf().keys).toEqual(['0', 'a', 'local_1'])
    expect(messageAt(threadOf(), 'a')!.text).toBe('a, edited')
    expect(messageById(threadOf(), 'srv_1')).toBe(messageAt(threadOf(), 'local_1'))
    expect(messageById(threadOf(), 'b')).toBeUndefined()
  })

  it('a selector on one message sees every change to it, through accessors on the thread', () => {
    const local = m('local_1', 5, { localId: 'local_1', isFromMe: true, status: 'sending' })
    load([m('a', 1), local])
    const seen: (Message | undefined)[] = []
    const stop = useMessagesStore.subscribe((s) => {
      const message = messageAt(s.threads.c1, 'local_1')
      if (message !== seen[seen.length - 1]) seen.push(message)
    })
    useMessagesStore.getState().uploadProgress('c1', 'local_1', 10, 20)
    useMessagesStore.getState().upsert('c1', [m('b', 3)], [])
    useMessagesStore.getState().upsert('c1', [m('srv_1', 5, { isFromMe: true, status: 'sent' })], ['local_1'])
    stop()
    expect(seen.map((x) => [x?.id, x?.status, x?.upload?.sentBytes ?? null])).toEqual([
      ['local_1', 'sending', 10],
      ['srv_1', 'sent', null],
    ])
    expect(rowKeyOf(threadOf(), 'srv_1')).toBe('local_1')
  })
})

/** Freezes plain data all the way down; anything else (a Map, a class) could change unseen, so it fails. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  const prototype: unknown = Object.getPrototypeOf(value)
  expect(prototype === Object.prototype || prototype === Array.prototype, 'plain data only').toBe(true)
  Object.freeze(value)
  for (const child of Object.values(value)) deepFreeze(child)
}

describe('actions', () => {
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

  it('debounces draft saves per chat and flushes them on demand', async () => {
    const started = await startSignedIn({ chats: [makeChat({ id: 'c1' }), makeChat({ id: 'c2' })] })
    disconnect = started.disconnect
    const drafts = useDraftsStore.getState()
    drafts.setDraft('c1', 'h')
    drafts.setDraft('c1', 'he')
    drafts.setDraft('c1', 'hello')
    drafts.setDraft('c2', 'other')
    expect(started.fake.callsOf('setDraft')).toEqual([])
    await flushDrafts('c2')
    expect(started.fake.callsOf('setDraft')).toEqual([{ chatId: 'c2', text: 'other' }])
    await waitFor(() => expect(started.fake.drafts.c1).toBe('hello'), { timeout: DRAFT_SAVE_MS * 4 })
    // Three keystrokes, one save.
    expect(
      started.fake.callsOf('setDraft').filter((c) => (c as { chatId: string }).chatId === 'c1'),
    ).toHaveLength(1)
    expect(useChatsStore.getState().loaded).toBe(true)
  })
})
