import { describe, expect, it } from 'vitest'
import { CHANNEL_NAMES } from '../../../../src/shared/contract'
import { AppError } from '../../../../src/shared/errors'
import { createIpcRouter, type Handlers } from '../../../../src/main/services/ipc-router'
import { createLogger } from '../../../../src/main/services/log'

function setup(overrides: Partial<Handlers> = {}) {
  const lines: string[] = []
  const calls: string[] = []
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((name) => [
      name,
      (input: unknown) => {
        calls.push(name)
        return { echoed: input }
      },
    ]),
  ) as unknown as Handlers
  const dispatch = createIpcRouter(
    { ...handlers, ...overrides },
    createLogger({ console: false, sink: (l) => lines.push(l) }),
  )
  return { dispatch, lines, calls }
}

const trusted = { trusted: true }

describe('ipc router', () => {
  it('validates input with the contract and hands the parsed value to the handler', async () => {
    const { dispatch } = setup()
    expect(await dispatch('setActiveChat', { chatId: '12' }, trusted)).toEqual({
      ok: true,
      value: { echoed: { chatId: '12' } },
    })
    // zod transforms apply (the token is trimmed before a service sees it).
    expect(await dispatch('signIn', { token: '  abc  ' }, trusted)).toEqual({
      ok: true,
      value: { echoed: { token: 'abc' } },
    })
  })

  it.each([
    ['wrong type', 'setActiveChat', { chatId: 12 }],
    ['unknown key', 'signOut', { clearLocalData: true, extra: 1 }],
    ['not an object', 'reportPresence', 'garbage'],
    ['missing field', 'sendMessage', { chatId: '1' }],
    ['empty message', 'sendMessage', { chatId: '1', text: '   ', attachmentIds: [] }],
    [
      'too many files',
      'sendMessage',
      { chatId: '1', text: 'x', attachmentIds: Array.from({ length: 11 }, (_, i) => `f${i}`) },
    ],
    ['bytes not bytes', 'stageFileBytes', { name: 'a.png', mimeType: 'image/png', bytes: [1, 2, 3] }],
    ['bad url scheme', 'signIn', { token: 't', baseUrl: 'ftp://example.com' }],
    ['unknown reaction', 'reactToMessage', { chatId: '1', messageId: '2', type: 'wow', operation: 'add' }],
    ['a list limit that is not a count', 'listChats', { limit: 'all' }],
    ['a list limit of none', 'listChats', { limit: 0 }],
    ['a list limit past the most', 'listChats', { limit: 100_000 }],
    ['a list cursor the contract does not have', 'listChats', { limit: 50, after: 'c_1' }],
  ])('rejects %s as a validation error that never reaches a service', async (_name, channel, input) => {
    const { dispatch, calls } = setup()
    const result = await dispatch(channel, input, trusted)
    expect(result).toEqual({
      ok: false,
      error: { kind: 'validation', message: expect.any(String), retryable: false },
    })
    expect(calls).toEqual([])
  })

  it('refuses unknown channels and untrusted senders', async () => {
    const { dispatch, calls } = setup()
    expect(await dispatch('__proto__', {}, trusted)).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    })
    expect(await dispatch('constructor', {}, trusted)).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    })
    expect(await dispatch('getAppInfo', {}, { trusted: false })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden-sender' },
    })
    expect(calls).toEqual([])
  })

  it('logs a rejected payload without its content', async () => {
    const { dispatch, lines } = setup()
    await dispatch('signIn', { token: 'super-secret-token-value', baseUrl: 'not a url' }, trusted)
    expect(lines.join('\n')).toContain('ipc input rejected')
    expect(lines.join('\n')).not.toContain('super-secret-token-value')
  })

  it('passes AppErrors through and hides unexpected crashes behind a generic message', async () => {
    const { dispatch, lines } = setup({
      listChats: () => {
        throw new AppError('not-signed-in', 'Sign in first.')
      },
      getSettings: () => {
        throw new TypeError('cannot read properties of undefined (secret internals)')
      },
    })
    expect(await dispatch('listChats', {}, trusted)).toEqual({
      ok: false,
      error: { kind: 'not-signed-in', message: 'Sign in first.', retryable: false },
    })
    const crash = await dispatch('getSettings', {}, trusted)
    expect(crash).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'Something went wrong. Please try again.', retryable: true },
    })
    expect(lines.some((l) => l.includes('ipc handler crashed'))).toBe(true)
  })
})

describe('logger', () => {
  it('redacts registered secrets from every line, including fields', () => {
    const lines: string[] = []
    const log = createLogger({ console: false, sink: (l) => lines.push(l) })
    log.addSecret('tok_ABCDEF123456')
    log.error('request failed for tok_ABCDEF123456', { url: 'https://x/?t=tok_ABCDEF123456' })
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('tok_ABCDEF123456')
    expect(lines[0]).toContain('[redacted]')
  })
})
