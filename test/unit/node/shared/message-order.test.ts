import { describe, expect, it } from 'vitest'
import { compareMessageIds, compareMessages, messageTime } from '../../../../src/shared/message-order'

describe('the thread order', () => {
  it("compares Linq's ids as integers, before ids that are not Linq's", () => {
    const ids = ['local_b', '100', '99', '1000', 'local_a', '0100', '9']
    expect([...ids].sort(compareMessageIds)).toEqual(['9', '99', '100', '0100', '1000', 'local_a', 'local_b'])
    expect(compareMessageIds('100', '0100')).toBe(0)
    expect(compareMessageIds(99, 100)).toBeLessThan(0)
    expect(compareMessageIds('12345678901234567890', '12345678901234567891')).toBeLessThan(0)
  })

  it('puts the older send time first whatever its offset, and the id decides equal times', () => {
    const a = { id: '100', sentAt: '2026-01-01T10:00:00.000-05:00' } // 15:00 UTC
    const b = { id: '200', sentAt: '2026-01-01T14:00:00.000Z' }
    expect(compareMessages(b, a)).toBeLessThan(0)
    const sameTime = { id: '200', sentAt: '2026-01-01T15:00:00.000Z' }
    expect(compareMessages(a, sameTime)).toBeLessThan(0)
    expect(compareMessages(sameTime, a)).toBeGreaterThan(0)
    expect(messageTime('not a time')).toBe(0)
  })
})
