// Which page holds which item: appends fill the newest page, nothing ever moves, a full page is never split.
import { describe, expect, it } from 'vitest'
import { createPageBook } from '../../../../src/main/services/cache/pages'

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => String(from + i))

describe('the page book', () => {
  it('fills pages in order as items are appended, one new page when the newest is full', () => {
    const book = createPageBook(3)
    const touched = [1, 2, 3, 4, 5, 6, 7].map((n) => [...book.placeNew(ids(0, n))])
    expect(touched).toEqual([[0], [0], [0], [1], [1], [1], [2]])
    expect(book.pages()).toEqual([0, 1, 2])
    expect(ids(0, 7).map((id) => book.pageOf(id))).toEqual([0, 0, 0, 1, 1, 1, 2])
  })

  it('puts an older item with the page after it, or on a page of its own when that one is full', () => {
    const book = createPageBook(3)
    book.placeNew(['5', '6'])
    expect([...book.placeNew(['4', '5', '6'])]).toEqual([0])
    expect([...book.placeNew(['2', '3', '4', '5', '6'])]).toEqual([1])
    expect(book.pageOf('2')).toBe(1)
    expect(book.pageOf('3')).toBe(1)
  })

  it('never moves an item: an insertion into a full page starts a page of its own', () => {
    const book = createPageBook(2)
    book.placeNew(['a', 'c'])
    expect([...book.placeNew(['a', 'b', 'c'])]).toEqual([1])
    expect(['a', 'b', 'c'].map((id) => book.pageOf(id))).toEqual([0, 1, 0])
  })

  it('forgets items; an emptied page is gone and its number can serve the next append', () => {
    const book = createPageBook(2)
    expect(['x', 'y', 'z'].map((id) => book.append(id))).toEqual([0, 0, 1])
    expect(book.append('x')).toBe(0)
    expect(book.remove('z')).toBe(1)
    expect(book.size(1)).toBe(0)
    expect(book.pages()).toEqual([0])
    expect(book.append('w')).toBe(1)
    book.place('w', 0)
    expect([book.size(0), book.size(1), book.pageOf('w')]).toEqual([3, 0, 0])
  })
})
