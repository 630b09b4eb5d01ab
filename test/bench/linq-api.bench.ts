// The Linq client against the sandbox: (1) its overhead versus raw fetch on the same 1,000 GETs (target
// ≤ 1.1×), (2) backfilling 100 chats × 100 messages at 20 ms injected latency, concurrent backfill versus
// sequential paging (target ≥ 3× faster, a ratio ≤ 0.33). Both ratios come from the same run on the same machine.
import { startSandbox } from '../../src/sandbox'
import { createLinqClient } from '../../src/main/services/linq-api'
import { ratioRow, type BenchRow } from './types'

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

async function overhead(): Promise<BenchRow> {
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
    return ratioRow({
      name: 'linq-api: 1,000 GETs (getChat) through the client; floor: raw fetch (best of 7 each)',
      value: Math.min(...clientTimes),
      floor: Math.min(...rawTimes),
      unit: 'ms',
      max: 1.1,
    })
  } finally {
    await sandbox.close()
  }
}

async function backfill(): Promise<BenchRow> {
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
    // The baseline here is sequential paging, and the goal at least 3× faster than it.
    return ratioRow({
      name: 'linq-api: backfill 100 chats × 100 messages at 20 ms latency (concurrency 6); baseline: sequential paging',
      value: concurrent,
      floor: sequential,
      unit: 'ms',
      max: 0.33,
    })
  } finally {
    await sandbox.close()
  }
}

export default async function bench(): Promise<BenchRow[]> {
  return [await overhead(), await backfill()]
}
