// Cold start of the main process on a big workspace's cache: 1,000 chats and 50,000 messages on disk (the
// sandbox's seeded workspace, test/support/big-workspace.ts). From nothing in memory to the first screen's
// IPC answer (listChats for the first screenful, serialized as Electron's IPC does: the structured clone,
// v8.serialize; the window asks for every chat only after painting, timed apart), split into
// reading the files, parsing and checking them (the cache opening), and the first IPC; against the floor of
// reading and JSON.parse-ing the very files the start reads (the list's head and the drafts). Target ≤ 1.5×
// that floor. Which files the start may read at all (the head and the drafts: no page of the list, none of
// the chats') is asserted in test/unit/node/cache/start-reads.test.ts.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { FIRST_SCREEN_CHATS } from '../../src/shared/chat-order'
import { LIMITS } from '../../src/shared/domain'
import { writeBigWorkspaceCache } from '../support/big-workspace'
import { quantile } from './stats'
import { ratioRow, type BenchRow } from './types'

const ROUNDS = 31
const WARM_UP = 5
const TIMING_CHILD = join(import.meta.dirname, 'cold-start.child.ts')
const MEMORY_CHILD = join(import.meta.dirname, 'main-memory.child.ts')
/** Under node_modules, so that the built child finds the packages it leaves out (conf, zod) as main does. */
const BUILT = join(import.meta.dirname, '../../node_modules/.cache/linq-bench/cold-start')

/**
 * The timing child built by vite, as electron-vite builds main: run through tsx instead, every function
 * the cache makes would pay for tsx's keepNames (a defineProperty per closure), which the app does not.
 */
async function buildTimingChild(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: TIMING_CHILD,
      outDir: BUILT,
      emptyOutDir: true,
      minify: false,
      // CommonJS so that a JSON module of a package (libphonenumber's metadata) loads without attributes.
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  })
  return join(BUILT, 'cold-start.child.cjs')
}

export default async function bench(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'linq-cold-start-'))
  try {
    const workspace = await writeBigWorkspaceCache(dir)
    // What the start reads (asserted in start-reads.test.ts): the list's head and the drafts.
    const startFiles = ['head.json', 'drafts.json'].map((f) => join(dir, f)).filter(existsSync)
    const listFiles = readdirSync(join(dir, 'index')).length + 1
    const size = (files: string[]) => files.reduce((n, f) => n + readFileSync(f).length, 0)
    const bytes = size(startFiles)
    const listBytes = size([
      join(dir, 'numbers.json'),
      ...readdirSync(join(dir, 'index')).map((f) => join(dir, 'index', f)),
    ])
    const child = (script: string, args: string[]) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          ['--expose-gc', ...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), script, ...args],
          { encoding: 'utf8' },
        ),
      ) as unknown
    const timing = await buildTimingChild()
    const samples = child(timing, [dir, String(ROUNDS), String(WARM_UP), ...startFiles]) as Record<
      'read' | 'parse' | 'open' | 'ipc' | 'rest',
      number[]
    >
    const memory = (mode: 'app' | 'floor') =>
      child(MEMORY_CHILD, [dir, workspace.bigChatId, mode]) as NodeJS.MemoryUsage
    const [app, floor] = [memory('app'), memory('floor')]
    const mb = (bytes: number) => bytes / 1024 / 1024
    const median = (xs: number[]) =>
      quantile(
        [...xs].sort((a, b) => a - b),
        0.5,
      )
    const [read, parse, open, ipc, rest] = [
      samples.read,
      samples.parse,
      samples.open,
      samples.ipc,
      samples.rest,
    ].map(median)
    // What the open adds to reading and parsing (the schema check, building the list), round by round.
    const checked = median(samples.open.map((o, i) => o - samples.read[i]! - samples.parse[i]!))
    return [
      ratioRow({
        name: `cold start, main: ${workspace.chats.toLocaleString('en')} chats and ${workspace.messages.toLocaleString('en')} messages cached → listChats answered (median of ${ROUNDS}); floor: read + JSON.parse of the files the start reads`,
        value: open! + ipc!,
        floor: read! + parse!,
        unit: 'ms',
        max: 1.5,
        detail:
          `${startFiles.length} files, ${(bytes / 1024).toFixed(1)} KB read before the first screen: the list's head ` +
          `(its first ${FIRST_SCREEN_CHATS} chats in list order, with the totals) and the drafts; the list's ` +
          `${listFiles} other files (${(listBytes / 1024).toFixed(0)} KB) wait for the first call that needs every chat ` +
          `(of ${workspace.cachedMessages.toLocaleString('en')} cached messages none is read); ` +
          `floor: read ${read!.toFixed(3)} ms + parse ${parse!.toFixed(3)} ms; app: cache open (read, parse, schema check) ` +
          `${open!.toFixed(3)} ms, of which beyond the floor's read + parse (schema check, setting up; ` +
          `paired per round) ${checked!.toFixed(3)} ms, + first IPC (handler, structured clone of the first ` +
          `${FIRST_SCREEN_CHATS} chats) ${ipc!.toFixed(3)} ms; after the first paint, not counted: ` +
          `the second listChats (all chats, reading the whole list) ${rest!.toFixed(2)} ms; ` +
          `each part after a full GC, app and floor alternating, ${WARM_UP} warm-up rounds of each not counted; ` +
          `the app's code built by vite as main is`,
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
    await rm(BUILT, { recursive: true, force: true })
  }
}
