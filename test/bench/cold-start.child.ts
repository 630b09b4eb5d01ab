// Run by cold-start.bench.ts in a process of its own (node --expose-gc): times the floor (read and JSON.parse
// the files the start reads) and the app (open the cache, answer the first listChats, the first screenful,
// as Electron's IPC serializes it; then, apart, the second listChats the window makes after painting)
// in alternating order, round after round, each part after a full GC so that neither pays for the garbage
// of the one before (a real start has an empty heap), after warm-up rounds of both that are not counted.
// Both keep what they read until the next part starts. The bench runs this file built by vite, as main is.
// Prints the samples, in ms, as JSON.
import { readFileSync } from 'node:fs'
import { serialize } from 'node:v8'
import { createWorkspaceCache } from '../../src/main/services/cache/cache'
import { confEngine } from '../../src/main/services/cache/engine'
import { createLogger } from '../../src/main/services/log'
import { chatListAnswer } from '../../src/main/services/workspace/chat-list'
import { FIRST_SCREEN_CHATS } from '../../src/shared/chat-order'

const [dir, rounds, warmUp, ...files] = process.argv.slice(2) as [string, string, string, ...string[]]
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')
const logger = createLogger({ console: false })
const samples = {
  read: [] as number[],
  parse: [] as number[],
  open: [] as number[],
  ipc: [] as number[],
  rest: [] as number[],
}

/** What the last part read, held until the next part starts. */
const held: { value: unknown } = { value: null }

function floor(keep: boolean) {
  held.value = null
  gc!()
  let started = performance.now()
  const texts = files.map((f) => readFileSync(f, 'utf8'))
  const read = performance.now() - started
  gc!()
  started = performance.now()
  // Kept until the round ends, as the app keeps its cache: live objects cost the young generation's
  // collections more than garbage does, and no start can drop the list it has just read.
  held.value = texts.map((text) => JSON.parse(text) as unknown)
  const parse = performance.now() - started
  if (!keep) return
  samples.read.push(read)
  samples.parse.push(parse)
}

function app(keep: boolean) {
  held.value = null
  gc!()
  let started = performance.now()
  const cache = createWorkspaceCache({ dir, engine: confEngine, logger, attachmentSummary: () => null })
  const open = performance.now() - started
  started = performance.now()
  serialize(chatListAnswer(cache, [], FIRST_SCREEN_CHATS))
  const ipc = performance.now() - started
  // The window's second call, made once the first screen has painted: timed, but not part of the start.
  started = performance.now()
  serialize(chatListAnswer(cache, []))
  const rest = performance.now() - started
  cache.close()
  held.value = cache
  if (!keep) return
  samples.open.push(open)
  samples.ipc.push(ipc)
  samples.rest.push(rest)
}

for (let round = 0; round < Number(warmUp) + Number(rounds); round++) {
  const keep = round >= Number(warmUp)
  // Which goes first alternates, so a slow moment of the host falls on both alike.
  const [first, second] = round % 2 === 0 ? [floor, app] : [app, floor]
  first(keep)
  second(keep)
}
process.stdout.write(JSON.stringify(samples))
