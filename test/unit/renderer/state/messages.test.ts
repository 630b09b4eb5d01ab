import { describe, expect, it } from 'vitest'
import { messageAt, messageById, rowKeyOf, useMessagesStore } from '../../../../src/renderer/state/messages'
import type { Message } from '../../../../src/shared/domain'
import { at, makeMessage } from '../fake-linq'

const m = (id: string, minute: number, extra: Partial<Message> = {}) =>
  makeMessage({ id, chatId: 'c1', text: id, sentAt: at(minute), ...extra })

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
