// A page of 100 messages from the 10,000-message chat, over HTTP on loopback (target: median < 5 ms).
import { startSandbox } from '../../src/sandbox'
import { quantile } from './stats'
import type { BenchRow } from './types'

export default async function bench(): Promise<BenchRow[]> {
  const sandbox = await startSandbox()
  try {
    const chatId = sandbox.state.bigChatId
    const headers = { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token }
    const page = (n: number) =>
      fetch(
        `${sandbox.baseUrl}/api/partner/v2/chats/${chatId}/chat_messages?per_page=100&sort=desc&page=${n}`,
        { headers },
      ).then((r) => r.json())
    for (let i = 0; i < 50; i++) await page(1 + (i % 100))
    const times: number[] = []
    for (let i = 0; i < 300; i++) {
      const started = performance.now()
      await page(1 + ((i * 7) % 100))
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    const median = quantile(times, 0.5)
    const p95 = quantile(times, 0.95)
    return [
      {
        name: 'sandbox: page of 100 from the 10,000-message chat (median, loopback)',
        value: median,
        unit: 'ms',
        target: '< 5 ms',
        met: median < 5,
        detail: `p95 ${p95.toFixed(2)} ms over ${times.length} requests`,
      },
    ]
  } finally {
    await sandbox.close()
  }
}
