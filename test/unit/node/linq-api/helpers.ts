// Shared by the Linq client tests: what the domain model should say about a sandbox record (written out
// from the mapping rules, independently of map.ts), and tiny node:http servers for misbehaviour the
// sandbox does not play (odd error bodies, echoed tokens, redirects).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import type { Chat, Message } from '../../../../src/shared/domain'
import type { Sandbox } from '../../../../src/sandbox'
import type { ChatRecord } from '../../../../src/sandbox/state'

type WireMessage = ReturnType<Sandbox['state']['messagesOf']>[number]

export function expectedChat(record: ChatRecord, messageCount = record.messages.length): Chat {
  const others = record.chat.chat_handles.filter((h) => h.id !== record.ownHandleId)
  return {
    id: String(record.chat.id),
    phoneNumber: record.ownNumber,
    title: record.chat.display_name || others.map((h) => h.phone_number).join(', '),
    service: record.chat.service,
    isGroup: record.chat.group,
    participants: others.map((h) => ({ id: String(h.id), handle: h.phone_number, service: h.service })),
    messageCount,
    lastMessage: null,
    lastActivityAt: null,
    unreadCount: 0,
  }
}

export function expectedMessage(
  wire: WireMessage,
  record: ChatRecord,
  src: (id: string, url: string) => string = (_id, url) => url,
): Message {
  const isFromMe = wire.sent_from === record.ownNumber
  let status: Message['status'] = 'received'
  if (isFromMe)
    status =
      wire.delivery_status === 'delivered'
        ? wire.is_read
          ? 'read'
          : 'delivered'
        : wire.delivery_status === 'pending'
          ? 'sent'
          : 'failed'
  return {
    id: String(wire.id),
    chatId: String(record.chat.id),
    localId: null,
    text: wire.text,
    sentAt: wire.sent_at,
    isFromMe,
    from: wire.sent_from,
    status,
    failure: status === 'failed' ? { message: expect.any(String) as string, retryable: false } : null,
    upload: null,
    editedAt: wire.edited_at,
    unread: !isFromMe && !wire.is_read,
    attachments: wire.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      mimeType: a.mime_type,
      sizeBytes: a.file_size,
      src: src(a.id, a.url),
      remoteUrl: a.url,
    })),
    reactions: wire.reactions.map((r) => ({
      id: String(r.id),
      type: r.reaction,
      isFromMe: r.is_from_me,
      from: r.from_phone,
      sentAt: r.sent_at,
    })),
  }
}

export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string
  /** Every request seen: method, url and headers. */
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[]
  close(): Promise<void>
}

export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
