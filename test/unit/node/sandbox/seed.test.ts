import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../../../src/sandbox'

describe('the seeded demo workspace', () => {
  it('is deterministic for a seed and clock, with 3 numbers, ~60 chats, groups, media, and a 10,000-message chat', async () => {
    const now = () => Date.parse('2026-06-01T12:00:00Z')
    const a = await startSandbox({ seed: 3, now })
    const b = await startSandbox({ seed: 3, now })
    try {
      expect(a.state.phoneNumbers.map((p) => p.phone_number)).toHaveLength(3)
      expect(a.state.chats.size).toBe(60)
      expect(a.state.messagesOf(a.state.bigChatId)).toHaveLength(10_000)
      const chats = [...a.state.chats.values()]
      expect(chats.some((c) => c.chat.group && c.chat.display_name)).toBe(true)
      expect(new Set(chats.map((c) => c.chat.service))).toEqual(new Set(['iMessage', 'SMS', 'RCS']))
      const messages = chats.flatMap((c) => c.messages)
      expect(messages.some((m) => m.attachments.some((x) => x.mime_type === 'image/png'))).toBe(true)
      expect(messages.some((m) => m.attachments.some((x) => x.mime_type === 'application/pdf'))).toBe(true)
      expect(messages.some((m) => m.reactions.length > 0)).toBe(true)
      expect(messages.some((m) => m.edited_at !== null)).toBe(true)
      const strip = (s: typeof a) =>
        JSON.stringify(
          [...s.state.chats.values()].map((c) => [
            c.chat,
            c.messages.map((m) => ({ ...m, attachments: m.attachments.map((x) => x.id) })),
          ]),
        )
      expect(strip(a)).toEqual(strip(b))
      // A seeded image is a real PNG served with its size.
      const image = messages.flatMap((m) => m.attachments).find((x) => x.mime_type === 'image/png')!
      const bytes = new Uint8Array(await (await fetch(image.url)).arrayBuffer())
      expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
      expect(bytes.length).toBe(image.file_size)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('simulates customers: inbound messages, replies, reactions and delivery progress', async () => {
    const sandbox = await startSandbox({ chatCount: 5, bigChatSize: 10 })
    try {
      const chat = [...sandbox.state.chats.values()][1]!
      const inbound = sandbox.simulate.inboundMessage(chat.chat.id, { text: 'Hello?' })
      expect(inbound).toMatchObject({ text: 'Hello?', is_read: false, delivery_status: 'delivered' })
      expect(inbound.sent_from).not.toBe(chat.ownNumber)
      const form = new FormData()
      form.append('message[text]', 'Hi there')
      const sent = (await (
        await fetch(`${sandbox.baseUrl}/api/partner/v2/chats/${chat.chat.id}/chat_messages`, {
          method: 'POST',
          headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token },
          body: form,
        })
      ).json()) as { data: { id: number } }
      const stored = () => sandbox.state.messagesOf(chat.chat.id).find((m) => m.id === sent.data.id)!
      expect(stored().delivery_status).toBe('pending')
      sandbox.simulate.advanceDeliveries()
      expect(stored()).toMatchObject({
        delivery_status: 'delivered',
        delivered_at: expect.any(String),
        is_read: false,
      })
      sandbox.simulate.advanceDeliveries()
      expect(stored().is_read).toBe(true)
      sandbox.activity.start({
        replyDelayMs: [20, 30],
        deliveryDelayMs: 10,
        readDelayMs: 10,
        reactProbability: 1,
        inboundPerMinute: 0,
      })
      const count = sandbox.state.messagesOf(chat.chat.id).length
      const form2 = new FormData()
      form2.append('message[text]', 'Anything else?')
      await fetch(`${sandbox.baseUrl}/api/partner/v2/chats/${chat.chat.id}/chat_messages`, {
        method: 'POST',
        headers: { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token },
        body: form2,
      })
      await expect.poll(() => sandbox.state.messagesOf(chat.chat.id).length).toBe(count + 2)
      const mine = sandbox.state.messagesOf(chat.chat.id).at(-2)!
      expect(mine.reactions.some((r) => !r.is_from_me)).toBe(true)
      await expect.poll(() => sandbox.state.messagesOf(chat.chat.id).at(-2)!.is_read).toBe(true)
    } finally {
      await sandbox.close()
    }
  })
})
