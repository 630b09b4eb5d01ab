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
import { emptyThread, mergeMessages, useMessagesStore } from '../../../../src/renderer/state/messages'
import type { Message } from '../../../../src/shared/domain'
import { at, makeChat, makeMessage } from '../fake-linq'
import { openLoaded, startSignedIn } from '../harness'

const m = (id: string, minute: number, extra: Partial<Message> = {}) =>
  makeMessage({ id, chatId: 'c1', text: id, sentAt: at(minute), ...extra })

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

describe('mergeMessages', () => {
  it('orders rows by time and keeps the key list when only a message changes', () => {
    const thread = mergeMessages(emptyThread(), [m('b', 2), m('a', 1), m('c', 3)])
    expect(thread.keys).toEqual(['a', 'b', 'c'])
    const [a, b] = [thread.byKey.a, thread.byKey.b]
    const updated = mergeMessages(thread, [m('b', 2, { status: 'received', text: 'b, edited' })])
    // A new thread with the same key array: the list does not re-render, only the row of 'b' sees a new object.
    expect(updated).not.toBe(thread)
    expect(updated.keys).toBe(thread.keys)
    expect(updated.byKey.b).not.toBe(b)
    expect(updated.byKey.b!.text).toBe('b, edited')
    expect(updated.byKey.a).toBe(a)
  })

  it('merges older pages, newer messages, interleaved and equal-time ones in time order', () => {
    let thread = mergeMessages(emptyThread(), [m('d', 10), m('f', 20), m('h', 30)])
    // An older page (unsorted, as a page may come) goes in front.
    thread = mergeMessages(thread, [m('b', 5), m('a', 1), m('c', 8)])
    expect(thread.keys).toEqual(['a', 'b', 'c', 'd', 'f', 'h'])
    // Newcomers between rows, at the end, and at the same time as rows already there (in id order).
    thread = mergeMessages(thread, [m('i', 40), m('g', 20), m('e', 15), m('f2', 20)])
    expect(thread.keys).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'f2', 'g', 'h', 'i'])
    // A message whose time changed moves to its new place.
    thread = mergeMessages(thread, [m('a', 35)])
    expect(thread.keys).toEqual(['b', 'c', 'd', 'e', 'f', 'f2', 'g', 'h', 'a', 'i'])
  })

  it("orders equal send times by Linq's integer id, whoever sent them and whenever they arrived", () => {
    const inbound = (id: string) => m(id, 7, { isFromMe: false })
    const outbound = (id: string) => m(id, 7, { isFromMe: true })
    // The newest page holds 100 and 101; an older page then brings 9 and 99, the same millisecond as them;
    // then an event brings 10, inbound, after the outbound ones arrived.
    let thread = mergeMessages(emptyThread(), [inbound('101'), outbound('100'), m('200', 8)])
    thread = mergeMessages(thread, [inbound('99'), outbound('9')])
    thread = mergeMessages(thread, [inbound('10')])
    expect(thread.keys).toEqual(['9', '10', '99', '100', '101', '200'])
  })

  it('moves an accepted local message when its id puts it elsewhere among equal times', () => {
    const local = m('local_1', 5, { localId: 'local_1', isFromMe: true, status: 'sending' })
    const thread = mergeMessages(emptyThread(), [m('40', 5), m('50', 5), local])
    expect(thread.keys).toEqual(['40', '50', 'local_1'])
    // Linq gave it id 45 and the same time: its row (keyed by the local id) goes between 40 and 50.
    const accepted = m('45', 5, { localId: 'local_1', isFromMe: true, status: 'sent' })
    expect(mergeMessages(thread, [accepted], ['local_1']).keys).toEqual(['40', 'local_1', '50'])
  })

  it('replacedIds: a server message carrying our local id keeps the row; the local id is forgotten', () => {
    const local = m('local_1', 5, { localId: 'local_1', isFromMe: true, status: 'sending' })
    const thread = mergeMessages(emptyThread(), [m('a', 1), local])
    const server = m('srv_1', 5, { localId: 'local_1', isFromMe: true, status: 'sent' })
    const next = mergeMessages(thread, [server], ['local_1'])
    expect(next.keys).toBe(thread.keys)
    expect(next.byKey.local_1!.id).toBe('srv_1')
    expect(next.keyOfId.srv_1).toBe('local_1')
  })
})

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
