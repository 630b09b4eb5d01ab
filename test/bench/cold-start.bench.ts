// Cold start of the main process on a big workspace's cache: 1,000 chats and 50,000 messages on disk (the
// sandbox's seeded workspace, test/support/big-workspace.ts). From nothing in memory to the first screen's
// IPC answer (listChats, serialized as Electron's IPC does: the structured clone, v8.serialize), split into
// reading the files, parsing and checking them (the cache opening), and the first IPC; against the floor of
// reading and JSON.parse-ing the very files the start reads. Target ≤ 1.5× that floor. Which files the
// start may read at all (none of the chats' pages) is asserted in test/unit/node/cache/start-reads.test.ts.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serialize } from 'node:v8'
import { createWorkspaceCache } from '../../src/main/services/cache/cache'
import { confEngine } from '../../src/main/services/cache/engine'
import { createLogger } from '../../src/main/services/log'
import { LIMITS } from '../../src/shared/domain'
import { writeBigWorkspaceCache } from '../support/big-workspace'
import { quantile } from './stats'
import { ratioRow, type BenchRow } from './types'

const ROUNDS = 9
const CHILD = join(import.meta.dirname, 'main-memory.child.ts')

export default async function bench(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'linq-cold-start-'))
  try {
    const workspace = await writeBigWorkspaceCache(dir)
    const startFiles = [
      'numbers.json',
      'drafts.json',
      ...readdirSync(join(dir, 'index')).map((f) => join('index', f)),
    ]
      .map((f) => join(dir, f))
      .filter(existsSync)
    const bytes = startFiles.reduce((n, f) => n + readFileSync(f).length, 0)
    const samples = { read: [] as number[], parse: [] as number[], open: [] as number[], ipc: [] as number[] }
    const logger = createLogger({ console: false })
    for (let round = 0; round < ROUNDS; round++) {
      // The floor and the app alternate, so both see the same host load.
      let started = performance.now()
      const texts = startFiles.map((f) => readFileSync(f, 'utf8'))
      samples.read.push(performance.now() - started)
      started = performance.now()
      for (const text of texts) JSON.parse(text)
      samples.parse.push(performance.now() - started)

      started = performance.now()
      const cache = createWorkspaceCache({ dir, engine: confEngine, logger, attachmentSummary: () => null })
      samples.open.push(performance.now() - started)
      started = performance.now()
      serialize({
        chats: cache.chats(),
        unreadTotal: cache.unreadTotal(),
        drafts: cache.drafts(),
        mutedChatIds: [],
      })
      samples.ipc.push(performance.now() - started)
      cache.close()
    }
    const memory = (mode: 'app' | 'floor') =>
      JSON.parse(
        execFileSync(
          process.execPath,
          ['--expose-gc', '--import', 'tsx', CHILD, dir, workspace.bigChatId, mode],
          {
            encoding: 'utf8',
          },
        ),
      ) as NodeJS.MemoryUsage
    const [app, floor] = [memory('app'), memory('floor')]
    const mb = (bytes: number) => bytes / 1024 / 1024
    const median = (xs: number[]) =>
      quantile(
        [...xs].sort((a, b) => a - b),
        0.5,
      )
    const [read, parse, open, ipc] = [samples.read, samples.parse, samples.open, samples.ipc].map(median)
    return [
      ratioRow({
        name: `cold start, main: ${workspace.chats.toLocaleString('en')} chats and ${workspace.messages.toLocaleString('en')} messages cached → listChats answered (median of ${ROUNDS}); floor: read + JSON.parse of the files the start reads`,
        value: open! + ipc!,
        floor: read! + parse!,
        unit: 'ms',
        max: 1.5,
        detail:
          `${startFiles.length} files, ${(bytes / 1024).toFixed(0)} KB (of ${workspace.cachedMessages.toLocaleString('en')} cached messages none is read); ` +
          `floor: read ${read!.toFixed(1)} ms + parse ${parse!.toFixed(1)} ms; app: cache open (read, parse, schema check) ` +
          `${open!.toFixed(1)} ms + first IPC (handler, structured clone) ${ipc!.toFixed(1)} ms`,
      }),
      {
        name: `main process memory (RSS after a GC) with the ${workspace.chats.toLocaleString('en')} chats listed and the ${workspace.bigChat.toLocaleString('en')}-message chat open; floor: a process holding the same files JSON.parsed`,
        value: mb(app.rss),
        unit: 'MB',
        floor: mb(floor.rss),
        ratio: app.rss / floor.rss,
        detail:
          `JS heap used ${mb(app.heapUsed).toFixed(1)} MB (floor ${mb(floor.heapUsed).toFixed(1)} MB); no target in ` +
          `the issue; the cache keeps the newest ${LIMITS.cachedMessagesPerChat.toLocaleString('en')} messages of a chat`,
      },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
