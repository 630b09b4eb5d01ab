// Which change each Linq event type stands for on the desktop.
import { describe, expect, it } from 'vitest'
import { changeOf } from '../../../../src/main/services/team-relay/changes'
import { parseEnvelope, type WebhookEnvelope } from '../../../../src/shared/relay-protocol'

const event = (event_type: string, data: Record<string, unknown>): WebhookEnvelope => {
  const parsed = parseEnvelope({
    api_version: 'v2',
    created_at: '2025-05-21T15:30:00Z',
    event_id: 'e1',
    event_type,
    data,
  })
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.envelope
}

describe('changeOf', () => {
  it('turns each event type into what the desktop has to sync or show', () => {
    expect(changeOf(event('message.received', { id: '27799380', chat_id: 12 }))).toEqual({
      kind: 'messages',
      chatId: '12',
      messageId: '27799380',
      shared: null,
    })
    expect(changeOf(event('message.sent', { id: 5, chat_id: '12' }))).toMatchObject({
      kind: 'messages',
      messageId: '5',
    })
    expect(changeOf(event('reaction.received', { id: 9, chat_message_id: 5, chat_id: 12 }))).toEqual({
      kind: 'messages',
      chatId: '12',
      messageId: '5',
      shared: null,
    })
    expect(changeOf(event('message.read', { id: 5, chat_id: 12 }))).toEqual({
      kind: 'read',
      chatId: '12',
      messageId: '5',
      shared: null,
    })
    expect(changeOf(event('typing_indicator.received', { chat_id: 12, display: true }))).toEqual({
      kind: 'typing',
      chatId: '12',
      typing: true,
    })
    expect(changeOf(event('typing_indicator.received', { chat_id: 12, display: false }))).toMatchObject({
      typing: false,
    })
    expect(changeOf(event('typing_indicator.removed', { chat_id: 12 }))).toMatchObject({ typing: false })
    expect(changeOf(event('participant.added', { chat_id: 12 }))).toEqual({ kind: 'chat', chatId: '12' })
    // participant.* payloads are undocumented: without a chat id the whole list is synced.
    expect(changeOf(event('participant.removed', {}))).toEqual({ kind: 'chats' })
    expect(changeOf(event('contact.deleted', { id: 3 }))).toEqual({ kind: 'contacts' })
    expect(changeOf(event('call.completed', { id: 1 }))).toBeNull()
    expect(changeOf(event('message.edited', { chat_id: 12 }))).toBeNull()
  })

  it('refuses envelopes whose chat id could not be a subject token', () => {
    expect(
      parseEnvelope({
        api_version: 'v2',
        created_at: 'x',
        event_id: 'e',
        event_type: 'message.sent',
        data: { chat_id: 'a.*' },
      }),
    ).toEqual({ ok: false, reason: 'data.chat_id: not an id' })
    expect(
      parseEnvelope({ api_version: 'v2', created_at: 'x', event_id: 'e', event_type: 'message.sent' }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('data'),
    })
  })
})
