// The relay's shared fetch on a real desktop (an app core on the sandbox → relay → nats-server chain): an event
// with Linq's answer is applied with no request from the desktop; one without it (an older relay, or one
// without a Linq token), or with an answer the API schema refuses, is brought by the desktop's own pull.
import { jetstream } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { describe, expect, it } from 'vitest'
import { SHARED_FIELD } from '../../../../src/shared/relay-protocol'
import { until } from '../../../support/core'
import { aChatId, type Chain } from '../relay/helpers'
import { perTest, relaySetting, waitForRelayState, type Desktop } from './desktops'

const t = perTest()

const requests = (c: Chain) => Object.values(c.sandbox.state.requestCounts).reduce((a, b) => a + b, 0)
/** Requests that came from desktops: all the sandbox saw, less the relay's own fetches. */
const desktopRequests = (c: Chain) => requests(c) - c.relayRequests()

async function connected(c: Chain): Promise<Desktop> {
  const d = await t.desktop(c)
  await d.test.value('setTeamRelay', relaySetting(c))
  await waitForRelayState(d, 'connected')
  await d.test.value('syncNow')
  return d
}

const hasMessage = async (d: Desktop, chatId: number, messageId: number) =>
  (await d.test.value('listMessages', { chatId: String(chatId), limit: 500 })).messages.some(
    (m) => m.id === String(messageId),
  )

/** How the desktop applied each event (its debug log: ids, types and `via`, never a body). */
const vias = (d: Desktop) =>
  d.logLines.flatMap((line) => /team relay: event applied .*via="(\w+)"/.exec(line)?.[1] ?? [])

describe('the relay’s shared fetch on a desktop', () => {
  it('applies an event with Linq’s answer without a request of its own', async () => {
    const c = await t.chain({ share: {} })
    const d = await connected(c)
    const chatId = aChatId(c)
    const before = desktopRequests(c)
    const sent = c.sandbox.simulate.inboundMessage(chatId, { text: 'Do you ship to Canada?' })
    c.sandbox.simulate.inboundReaction(sent.id, 'love')
    await c.sandbox.webhooks.idle()
    await until(() => vias(d).length >= 2)
    expect(await hasMessage(d, chatId, sent.id)).toBe(true)
    const [message] = (await d.test.value('listMessages', { chatId: String(chatId), limit: 1 })).messages
    expect(message).toMatchObject({ id: String(sent.id), text: 'Do you ship to Canada?', isFromMe: false })
    expect(message!.reactions).toHaveLength(1)
    expect(vias(d)).toEqual(['shared', 'shared'])
    expect(desktopRequests(c) - before).toBe(0)
    expect(c.relayRequests()).toBe(2)
  })

  it('pulls the chat itself when the event comes without the answer', async () => {
    const c = await t.chain()
    const d = await connected(c)
    const chatId = aChatId(c)
    const before = c.sandbox.state.requestCounts.listChatMessages ?? 0
    const sent = c.sandbox.simulate.inboundMessage(chatId)
    await until(() => hasMessage(d, chatId, sent.id))
    expect(vias(d)).toEqual(['pull'])
    expect(c.sandbox.state.requestCounts.listChatMessages ?? 0).toBeGreaterThan(before)
  })

  it('refuses an answer the API schema does not accept, and pulls the chat instead: nothing lost', async () => {
    const c = await t.chain({ share: {} })
    const d = await connected(c)
    const chatId = aChatId(c)
    // A message Linq has but no webhook told of, then an event for it whose shared answer is malformed.
    const subscriptions = [...c.sandbox.state.webhooks.values()]
    for (const s of subscriptions) s.active = false
    const sent = c.sandbox.simulate.inboundMessage(chatId, { text: 'hidden until pulled' })
    for (const s of subscriptions) s.active = true
    const nc = await connect({ servers: c.nats.url })
    try {
      const event = {
        api_version: 'v2',
        created_at: new Date().toISOString(),
        event_id: 'evt_malformed_share',
        event_type: 'message.received',
        data: { id: sent.id, chat_id: chatId },
        [SHARED_FIELD]: {
          operation_id: 'listChatMessages',
          chat_id: String(chatId),
          query: { sort: 'desc', per_page: 30 },
          fetched_at: new Date().toISOString(),
          answer: { data: [{ id: sent.id, text: 'forged' }], meta: { page: 1 } },
        },
      }
      await jetstream(nc).publish(
        `linq.acme.chat.${chatId}.message.received`,
        new TextEncoder().encode(JSON.stringify(event)),
        { msgID: event.event_id },
      )
    } finally {
      await nc.close()
    }
    await until(() => hasMessage(d, chatId, sent.id))
    const [message] = (await d.test.value('listMessages', { chatId: String(chatId), limit: 1 })).messages
    expect(message).toMatchObject({ id: String(sent.id), text: 'hidden until pulled' })
    expect(vias(d)).toEqual(['pull'])
    expect(d.logLines.join('\n')).toMatch(/the shared fetch was refused; pulling the chat/)
  })
})
