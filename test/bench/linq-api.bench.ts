// The Linq client against the sandbox: (1) its overhead versus raw fetch on the same 1,000 GETs (target
// ≤ 1.1×), (2) backfilling 100 chats × 100 messages at 20 ms injected latency, concurrent backfill versus
// sequential paging (target ≥ 3× faster). Both ratios come from the same run on the same machine.
import { startSandbox } from '../../src/sandbox'
import { createLinqClient } from '../../src/main/services/linq-api'
import type { BenchResult } from './types'

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

async function overhead(): Promise<BenchResult> {
  const sandbox = await startSandbox({ chatCount: 3, bigChatSize: 50 })
  try {
    const chatId = String([...sandbox.state.chats.keys()][1])
    const url = `${sandbox.baseUrl}/api/partner/v2/chats/${chatId}`
    const headers = { 'X-LINQ-INTEGRATION-TOKEN': sandbox.token }
    const linq = createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token })
    await linq.listPhoneNumbers()
    const raw = async () => {
      for (let i = 0; i < 1000; i++) await (await fetch(url, { headers })).json()
    }
    const viaClient = async () => {
      for (let i = 0; i < 1000; i++) await linq.getChat(chatId)
    }
    await raw()
    await viaClient()
    // Interleaved rounds, best of each: background noise on a small machine hits both sides alike.
    const rawTimes: number[] = []
    const clientTimes: number[] = []
    for (let round = 0; round < 7; round++) {
      rawTimes.push(await timed(raw))
      clientTimes.push(await timed(viaClient))
    }
    const client = Math.min(...clientTimes)
    const baseline = Math.min(...rawTimes)
    const ratio = client / baseline
    return {
      name: 'client / raw fetch, 1,000 GETs (getChat)',
      value: ratio,
      unit: '×',
      target: '≤ 1.1×',
      pass: ratio <= 1.1,
      detail: `client ${client.toFixed(0)} ms, raw fetch ${baseline.toFixed(0)} ms (best of 7 each)`,
    }
  } finally {
    await sandbox.close()
  }
}

async function backfill(): Promise<BenchResult> {
  const sandbox = await startSandbox({
    chatCount: 100,
    bigChatSize: 100,
    faults: { rules: [{ route: 'listChatMessages', latencyMs: 20 }] },
  })
  try {
    const chats = [...sandbox.state.chats.keys()]
    // Seeded chats hold 3–43 messages; top each up to exactly 100.
    for (const id of chats) {
      for (let n = sandbox.state.messagesOf(id).length; n < 100; n++)
        sandbox.simulate.inboundMessage(id, { text: `message ${n}` })
    }
    const chatIds = chats.map(String)
    const linq = createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token })
    await linq.listPhoneNumbers()
    let sequentialCount = 0
    const sequential = await timed(async () => {
      for (const id of chatIds) {
        for await (const page of linq.iterateChatMessages(id, { order: 'newest-first', perPage: 100 }))
          sequentialCount += page.items.length
      }
    })
    let concurrentCount = 0
    const concurrent = await timed(async () => {
      const result = await linq.backfillChats(chatIds, { perPage: 100 })
      for (const messages of result.values()) concurrentCount += messages.length
    })
    if (sequentialCount !== 10_000 || concurrentCount !== 10_000) {
      throw new Error(`expected 10,000 messages both ways, got ${sequentialCount} and ${concurrentCount}`)
    }
    const speedup = sequential / concurrent
    return {
      name: 'backfill 100 chats × 100 messages at 20 ms latency: sequential / concurrent',
      value: speedup,
      unit: '× faster',
      target: '≥ 3×',
      pass: speedup >= 3,
      detail: `sequential paging ${sequential.toFixed(0)} ms, backfillChats (concurrency 6) ${concurrent.toFixed(0)} ms`,
    }
  } finally {
    await sandbox.close()
  }
}

export default async function bench(): Promise<BenchResult[]> {
  return [await overhead(), await backfill()]
}
