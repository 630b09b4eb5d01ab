// A loopback HTTP endpoint that records every webhook POST byte for byte, and answers what a test scripts:
// a status per attempt, or no answer at all (to make the sender time out).
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedHook {
  rawBody: string
  signature: string | undefined
  eventId: string
  eventType: string
}

export interface WebhookReceiver {
  url: string
  received: ReceivedHook[]
  /** Answers, in order, for the next requests ('hang' never answers); afterwards 200. */
  script(answers: (number | 'hang')[]): void
  close(): Promise<void>
}

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = []
  let answers: (number | 'hang')[] = []
  const server = createServer((request, response) => {
    void readBody(request).then((rawBody) => {
      const parsed = JSON.parse(rawBody) as { event_id: string; event_type: string }
      const signature = request.headers['x-webhook-signature']
      received.push({
        rawBody,
        signature: typeof signature === 'string' ? signature : undefined,
        eventId: parsed.event_id,
        eventType: parsed.event_type,
      })
      const answer = answers.shift() ?? 200
      if (answer !== 'hang') response.writeHead(answer).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/linq`,
    received,
    script: (next) => void (answers = [...next]),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
