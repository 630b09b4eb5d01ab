// The two helpers every process shares: how a size and a thrown value are put into words.
import { describe, expect, it } from 'vitest'
import { errorMessage } from '../../../../src/shared/error-message'
import { formatBytes } from '../../../../src/shared/format-bytes'

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [512 * 1024, '512 KB'],
    [8 * 1024 * 1024, '8.0 MB'],
    [100 * 1024 * 1024, '100 MB'],
    [3 * 1024 ** 3, '3.0 GB'],
    [5000 * 1024 ** 3, '5000 GB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('errorMessage', () => {
  it('an Error gives its message; anything else becomes text', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input')
    expect(errorMessage('plain')).toBe('plain')
    expect(errorMessage(42)).toBe('42')
    expect(errorMessage(null)).toBe('null')
    expect(errorMessage(undefined)).toBe('undefined')
  })
})
