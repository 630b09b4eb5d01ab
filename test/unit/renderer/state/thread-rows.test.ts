import { describe, expect, it } from 'vitest'
import { ThreadRows } from '../../../../src/renderer/state/thread-rows'
import type { Message } from '../../../../src/shared/domain'
import { at, makeMessage } from '../fake-linq'

const m = (id: string, minute: number, extra: Partial<Message> = {}) =>
  makeMessage({ id, chatId: 'c1', text: id, sentAt: at(minute), ...extra })

describe('ThreadRows.merge', () => {
  it('merges older pages, newer messages, interleaved and equal-time ones in time order', () => {
    const rows = new ThreadRows()
    let keys = rows.merge([], [m('d', 10), m('f', 20), m('h', 30)])
    // An older page (unsorted, as a page may come) goes in front.
    keys = rows.merge(keys, [m('b', 5), m('a', 1), m('c', 8)])
    expect(keys).toEqual(['a', 'b', 'c', 'd', 'f', 'h'])
    // Newcomers between rows, at the end, and at the same time as rows already there (in id order).
    keys = rows.merge(keys, [m('i', 40), m('g', 20), m('e', 15), m('f2', 20)])
    expect(keys).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'f2', 'g', 'h', 'i'])
    // A message whose time changed moves to its new place.
    keys = rows.merge(keys, [m('a', 35)])
    expect(keys).toEqual(['b', 'c', 'd', 'e', 'f', 'f2', 'g', 'h', 'a', 'i'])
  })

  it("orders equal send times by Linq's integer id, whoever sent them and whenever they arrived", () => {
    const inbound = (id: string) => m(id, 7, { isFromMe: false })
    const outbound = (id: string) => m(id, 7, { isFromMe: true })
    // The newest page holds 100 and 101; an older page then brings 9 and 99, the same millisecond as them;
    // then an event brings 10, inbound, after the outbound ones arrived.
    const rows = new ThreadRows()
    let keys = rows.merge([], [inbound('101'), outbound('100'), m('200', 8)])
    keys = rows.merge(keys, [inbound('99'), outbound('9')])
    keys = rows.merge(keys, [inbound('10')])
    expect(keys).toEqual(['9', '10', '99', '100', '101', '200'])
  })

  it('moves an accepted local message when its id puts it elsewhere among equal times', () => {
    const local = m('local_1', 5, { localId: 'local_1', isFromMe: true, status: 'sending' })
    const rows = new ThreadRows()
    const keys = rows.merge([], [m('40', 5), m('50', 5), local])
    expect(keys).toEqual(['40', '50', 'local_1'])
    // Linq gave it id 45 and the same time: its row (keyed by the local id) goes between 40 and 50.
    const accepted = m('45', 5, { localId: 'local_1', isFromMe: true, status: 'sent' })
    expect(rows.merge(keys, [accepted], ['local_1'])).toEqual(['40', 'local_1', '50'])
  })

  it('replacedIds: a server message carrying our local id keeps the row; the local id is forgotten', () => {
    const local = m('local_1', 5, { localId: 'local_1', isFromMe: true, status: 'sending' })
    const rows = new ThreadRows()
    const keys = rows.merge([], [m('a', 1), local])
    const server = m('srv_1', 5, { localId: 'local_1', isFromMe: true, status: 'sent' })
    const next = rows.merge(keys, [server], ['local_1'])
    expect(next).toBe(keys)
    expect(rows.at('local_1')!.id).toBe('srv_1')
    expect(rows.keyOf('srv_1')).toBe('local_1')
  })

  it('a copy of a local message that arrives after Linq answered for it does not bring the row back', () => {
    // The send's own reply (queued) or a progress event (sending) can be overtaken by the answer.
    const local = (status: Message['status']) =>
      m('local_1', 5, { localId: 'local_1', isFromMe: true, status, upload: null })
    const server = m('srv_1', 6, { localId: 'local_1', isFromMe: true, status: 'sent' })
    const poll = m('srv_1', 6, { isFromMe: true, status: 'sent' })
    // Answered in place; or seen first by a poll of the chat (its own row) and then answered.
    for (const before of [[local('sending')], [local('sending'), poll]]) {
      const rows = new ThreadRows()
      let keys: string[] = []
      for (const message of before) keys = rows.merge(keys, [message])
      keys = rows.merge(keys, [server], ['local_1'])
      keys = rows.merge(keys, [local('sending')])
      keys = rows.merge(keys, [local('queued')])
      expect(keys).toHaveLength(1)
      expect(rows.at(keys[0]!)).toMatchObject({ id: 'srv_1', status: 'sent' })
    }
  })

  it('keeps the key array when nothing was added, removed or moved', () => {
    const rows = new ThreadRows()
    const keys = rows.merge([], [m('a', 1), m('b', 2)])
    expect(rows.merge(keys, [m('a', 1, { text: 'a, edited' })])).toBe(keys)
    expect(rows.merge(keys, [])).toBe(keys)
    expect(rows.at('a')!.text).toBe('a, edited')
  })
})

describe('ThreadRows.remove and update', () => {
  it('removes rows by server or local id and forgets both ids', () => {
    const rows = new ThreadRows()
    const local = m('local_1', 5, { localId: 'local_1', isFromMe: true })
    let keys = rows.merge([], [m('a', 1), local, m('b', 6)])
    keys = rows.merge(keys, [m('srv_1', 5, { localId: 'local_1', isFromMe: true })], ['local_1'])
    expect(rows.remove(keys, ['nope'])).toBe(keys)
    keys = rows.remove(keys, ['srv_1', 'b'])
    expect(keys).toEqual(['a'])
    expect(rows.keyOf('srv_1')).toBeUndefined()
    expect(rows.keyOf('local_1')).toBeUndefined()
    expect(rows.at('local_1')).toBeUndefined()
  })

  it('updates one message in its row, and says when nothing changed', () => {
    const rows = new ThreadRows()
    rows.merge([], [m('a', 1)])
    const before = rows.at('a')!
    expect(rows.update('a', (x) => x)).toBe(false)
    expect(rows.update('missing', (x) => ({ ...x, text: 'x' }))).toBe(false)
    expect(rows.update('a', (x) => ({ ...x, text: 'a, edited' }))).toBe(true)
    expect(rows.at('a')).not.toBe(before)
    expect(rows.at('a')!.text).toBe('a, edited')
  })
})
