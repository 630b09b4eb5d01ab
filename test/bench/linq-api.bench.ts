// Client overhead vs raw fetch on the same 1,000 GETs (target ≤ 1.1×), and concurrent backfill vs sequential
// paging of 100 chats × 100 messages at 20 ms injected latency (target ≥ 3× faster).
import { startSandbox } from '../../src/sandbox'
import { createLinqClient } from '../../src/main/services/linq-api'
import type { BenchResult } from './types'

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

export default async function bench(): Promise<BenchResult[]> {
  const overhead = await startSandbox({ chatCount: 3, bigChatSize: 50 })
  const results: BenchResult[] = []
  try {
    const chatId = String([...overhead.state.chats.keys()][1])
    const url = `${overhead.baseUrl}/api/partner/v2/chats/${chatId}`
    const headers = { 'X-LINQ-INTEGRATION-TOKEN': overhead.token }
    const linq = createLinqClient({ baseUrl: overhead.baseUrl, token: overhead.token })
    await linq.listPhoneNumbers()
    const raw = async () => {
      for (let i = 0; i < 1000; i++) await (await fetch(url, { headers })).json()
    }
    const viaClient = async () => {
      for (let i = 0; i < 1000; i++) await linq.getChat(chatId)
    }
    await raw()
    await viaClient()
    // Alternate and keep the best of three, so background noise hits both sides alike.
    const rawTimes: number[] = []
    const clientTimes: number[] = []
    for (let round = 0; round < 3; round++) {
      rawTimes.push(await timed(raw))
      clientTimes.push(await timed(viaClient))
    }
    const ratio = Math.min(...clientTimes) / Math.min(...rawTimes)
    results.push({ name: 'client vs raw fetch, 1,000 GETs', value: ratio, unit: '×', target: '≤ 1.1×', pass: ratio <= 1.1, detail: `client ${Math.min(...clientTimes).toFixed(0)} ms, raw ${Math.min(...rawTimes).toFixed(0)} ms` })
  } finally {
    await overhead.close()
  }

  const backfill = await startSandbox({ chatCount: 101, bigChatSize: 100, faults: { rules: [{ route: 'listChatMessages', latencyMs: 20 }] } })
  try {
    const linq = createLinqClient({ baseUrl: backfill.baseUrl, token: backfill.token })
    const chats = [...backfill.state.chats.keys()].slice(0, 100).map(String)
    await linq.listPhoneNumbers()
    const sequential = await timed(async () => {
      for (const id of chats) for await (const page of linq.iterateChatMessages(id, { order: 'newest-first', perPage: 100 })) void page
    })
    const concurrent = await timed(() => linq.backfillChats(chats, { pagesPerChat: 1, perPage: 100, concurrency: 8 }))
    const speedup = sequential / concurrent
    results.push({ name: 'backfill 100 chats: sequential / concurrent (20 ms latency)', value: speedup, unit: '× faster', target: '≥ 3×', pass: speedup >= 3, detail: `sequential ${sequential.toFixed(0)} ms, concurrent ${concurrent.toFixed(0)} ms` })
  } finally {
    await backfill.close()
  }
  return results
}
