// The soak: 1,000 sends across 20 chats through the sandbox's faults (429s with odd Retry-After values,
// 500s, connections reset before and after the server processed the send, timeouts), while the app's
// main process (the real app core in a child process, app-child.ts) is killed with SIGKILL 5 times at
// random moments and started again on the same data. The sandbox runs here and outlives every kill. At the
// end every acknowledged message is on the server exactly once, in order per chat; a message sent but not
// acknowledged before a kill lands at most once. LINQ_SOAK=big runs 10,000 sends, 50 chats, 20 kills.
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { seededRandom } from '../../../../src/sandbox/random'

const BIG = process.env.LINQ_SOAK === 'big'
const SENDS = BIG ? 10_000 : 1_000
const CHATS = BIG ? 50 : 20
const KILLS = BIG ? 20 : 5
const SEED = Number(process.env.LINQ_SOAK_SEED ?? Date.now() % 100_000)
const CHILD = fileURLToPath(new URL('./app-child.ts', import.meta.url))
// The child's gap between two sends to a chat (the app's default is 250 ms). Shorter, the sends and so the
// kills spread over them take less time; the faults, kills and checks are the same.
const PACING_MS = 100

let sandbox: Sandbox
let dataDir: string
let child: ChildProcess | null = null

beforeAll(async () => {
  sandbox = await startSandbox({ chatCount: CHATS, bigChatSize: 20, activity: false, seed: 3 })
  dataDir = await mkdtemp(join(tmpdir(), 'linq-soak-'))
})
afterAll(async () => {
  child?.kill('SIGKILL')
  await sandbox.close()
  await rm(dataDir, { recursive: true, force: true })
})

const ODD_RETRY_AFTER = ['0', '-1', 'soon', '0.5', '1', 'Thu, 01 Jan 1970 00:00:00 GMT', ' 1 ']

function faults() {
  return {
    seed: SEED,
    rules: [
      ...ODD_RETRY_AFTER.map((retryAfter) => ({
        route: 'sendMessage',
        status: 429 as const,
        retryAfter,
        probability: 0.012,
      })),
      { route: 'sendMessage', status: 500 as const, probability: 0.05 },
      { route: 'sendMessage', reset: true, probability: 0.04 },
      { route: 'sendMessage', resetAfterProcessing: true, probability: 0.04 },
      // Longer than the child's 1.5 s timeout: the send is processed, the answer comes too late.
      { route: 'sendMessage', latencyMs: 2_000, probability: 0.02 },
      { method: 'GET', status: 500 as const, probability: 0.03 },
    ],
  }
}

interface Send {
  ref: string
  chatId: string
  text: string
}

/** Starts the app on the data dir; resolves when it is signed in and taking sends. */
function startApp(onMessage: (message: { type: string; ref?: string; error?: unknown }) => void) {
  const started = fork(CHILD, [dataDir, sandbox.baseUrl, sandbox.token, String(PACING_MS)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  child = started
  return new Promise<ChildProcess>((resolve, reject) => {
    started.on('message', (message: { type: string }) => {
      if (message.type === 'ready') resolve(started)
      else onMessage(message)
    })
    started.once('exit', (code, signal) =>
      reject(new Error(`the app exited before it was ready (${code ?? signal})`)),
    )
  })
}

/** The outbox's entries on disk, or null while the workspace does not exist yet. */
async function outboxEntries(): Promise<{ state: string }[] | null> {
  const workspaces = await readdir(join(dataDir, 'workspaces')).catch(() => [])
  if (workspaces.length === 0) return null
  try {
    const doc = JSON.parse(
      readFileSync(join(dataDir, 'workspaces', workspaces[0]!, 'outbox', 'outbox.json'), 'utf8'),
    )
    return (doc as { entries: { state: string }[] }).entries
  } catch {
    return null
  }
}

describe('the soak', () => {
  it(
    `${SENDS} sends across ${CHATS} chats through faults, the app killed ${KILLS} times: each acknowledged message lands once, in order`,
    async () => {
      const started = Date.now()
      const random = seededRandom(SEED)
      const chatIds = [...sandbox.state.chats.keys()].slice(0, CHATS).map(String)
      expect(chatIds).toHaveLength(CHATS)
      sandbox.faults.set(faults())

      // Per chat, its texts in the order they were sent; one message of a chat in flight at a time, so the
      // acknowledged order is the order the user pressed send in.
      const queues = new Map(chatIds.map((id) => [id, [] as Send[]]))
      for (let i = 0; i < SENDS; i++) {
        const chatId = chatIds[i % CHATS]!
        const queue = queues.get(chatId)!
        queue.push({
          ref: `${chatId}:${queue.length}`,
          chatId,
          text: `soak ${SEED} chat ${chatId} #${queue.length}`,
        })
      }
      const acked: Send[] = []
      const ackedByChat = new Map(chatIds.map((id) => [id, [] as string[]]))
      const unacked: string[] = []
      const inFlight = new Map<string, Send>()
      const pendingAtKill: number[] = []
      let refused = 0

      let wake: () => void = () => undefined
      const onMessage = (message: { type: string; ref?: string }) => {
        const send = message.ref ? inFlight.get(message.ref) : undefined
        if (!send) return
        inFlight.delete(send.ref)
        if (message.type === 'ack') {
          acked.push(send)
          ackedByChat.get(send.chatId)!.push(send.text)
          queues.get(send.chatId)!.shift()
        } else {
          refused++
          process.stdout.write(`refused: ${JSON.stringify(message)}\n`)
        }
        wake()
      }
      let app: Promise<ChildProcess> = startApp(onMessage)

      // The kills, at random moments over the time the sends take (while they are acknowledged, and while the
      // outbox is still sending them), each followed by a start on the same data. The time the app takes to
      // start is not counted (a loaded machine may take seconds): each kill comes a random while after the
      // app is up again, so it always lands on an app that is sending.
      const expectedMs = (SENDS / CHATS) * PACING_MS * 2
      const killTimes = Array.from({ length: KILLS }, () => 500 + random() * expectedMs).sort((a, b) => a - b)
      const killer = (async () => {
        let previous = 0
        for (const at of killTimes) {
          await app
          await new Promise((r) => setTimeout(r, at - previous))
          previous = at
          const running = await app
          running.kill('SIGKILL')
          pendingAtKill.push((await outboxEntries())?.length ?? 0)
          for (const send of inFlight.values()) {
            unacked.push(send.text)
            // The user presses send again: a new message, as the app has no record of the old attempt.
            send.text += ' (again)'
          }
          inFlight.clear()
          app = startApp(onMessage)
          await app
        }
      })()

      while (acked.length < SENDS) {
        const running = await app
        for (const [chatId, queue] of queues) {
          const next = queue[0]
          if (!next || [...inFlight.values()].some((s) => s.chatId === chatId)) continue
          inFlight.set(next.ref, next)
          running.send({ type: 'send', ...next })
        }
        await new Promise<void>((resolve) => {
          wake = resolve
          setTimeout(resolve, 200)
        })
      }
      const ackedMs = Date.now() - started
      await killer

      // Everything acknowledged is in the outbox; wait until it has all gone out.
      const deadline = Date.now() + (BIG ? 600_000 : 120_000)
      for (;;) {
        const entries = await outboxEntries()
        if (entries && entries.length === 0) break
        expect(entries?.filter((e) => e.state === 'failed') ?? []).toEqual([])
        if (Date.now() > deadline) throw new Error(`the outbox still holds ${entries?.length} messages`)
        await new Promise((r) => setTimeout(r, 250))
      }
      ;(await app).kill('SIGKILL')
      child = null

      const onServer = new Map<string, string[]>()
      for (const chatId of chatIds) {
        onServer.set(
          chatId,
          sandbox.state
            .messagesOf(Number(chatId))
            .map((m) => m.text)
            .filter((text) => text.startsWith(`soak ${SEED} `)),
        )
      }
      const all = [...onServer.values()].flat()
      const count = (text: string) => all.filter((t) => t === text).length
      const duplicates = acked.filter((s) => count(s.text) !== 1)
      const unackedLanded = unacked.filter((text) => count(text) === 1).length
      process.stdout.write(
        `soak (seed ${SEED}): ${acked.length} acknowledged sends across ${CHATS} chats, ${pendingAtKill.length} SIGKILLs ` +
          `(with ${pendingAtKill.join(', ')} messages in the outbox), ` +
          `${unacked.length} sent but unacknowledged at a kill (${unackedLanded} of them landed, each once), ` +
          `${refused} refused, ${sandbox.state.requestCounts.sendMessage ?? 0} POSTs for ${all.length} messages on the server; ` +
          `all acknowledged after ${(ackedMs / 1000).toFixed(1)} s, all sent after ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      )
      expect(pendingAtKill).toHaveLength(KILLS)
      expect(refused).toBe(0)
      expect(duplicates.map((s) => `${s.text}: ${count(s.text)}×`)).toEqual([])
      for (const text of unacked) expect(count(text)).toBeLessThanOrEqual(1)
      for (const chatId of chatIds) {
        const acknowledged = new Set(ackedByChat.get(chatId))
        expect(onServer.get(chatId)!.filter((t) => acknowledged.has(t))).toEqual(ackedByChat.get(chatId))
      }
      expect(all.length).toBe(acked.length + unackedLanded)
    },
    BIG ? 1_800_000 : 240_000,
  )
})
