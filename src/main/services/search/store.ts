// The search index's own files, beside the cache: `index.jsonl` (a header line, then one document per line)
// and `journal.jsonl` (the changes since, appended in batches), so a new message appends a line instead of
// rewriting 50,000. The journal is folded into a new snapshot when it grows (compact). Both start with a
// header naming the format, schema and tokenizer versions and the snapshot's generation; a snapshot that is
// missing, of another version or damaged (bad JSON, a document failing its schema, a journal of another
// generation) makes load() answer null, and the caller rebuilds from the cache. Damaged files are moved
// aside, never deleted. Reading and writing go in slices (no long block of the event loop).
import { randomUUID } from 'node:crypto'
import { createReadStream, mkdirSync } from 'node:fs'
import { appendFile, open, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { errorMessage } from '../../../shared/error-message'
import { delayTimer } from '../async/delay'
import { createSerialQueue } from '../async/serial'
import type { Logger } from '../log'
import { moveAside } from '../persist/documents'
import { fromStored, storedDoc, toStored, type SearchDoc } from './documents'
import type { Slicer } from './slices'
import { TOKENIZER_VERSION } from './tokenize'

export const SEARCH_SCHEMA_VERSION = 1
const FORMAT = 'linq-search-index'

const header = z.object({
  format: z.literal(FORMAT),
  schemaVersion: z.number().int(),
  tokenizerVersion: z.number().int(),
  generation: z.string().min(1).max(64),
})
const journalOp = z.union([
  z.strictObject({ put: storedDoc }),
  z.strictObject({ del: z.tuple([z.string(), z.string()]) }),
  z.strictObject({ dropChat: z.string() }),
])
export type JournalOp = z.infer<typeof journalOp>

export interface SearchStore {
  /**
   * Feeds the persisted documents, then the journal's changes, to `into` as it reads them; or answers why the
   * index must be rebuilt (then `into` may hold part of them: the caller starts over).
   */
  load(slicer: Slicer, into: LoadSink): Promise<{ journalOps: number } | { rebuild: string }>
  /** Appends a change to the journal (written within `writeDelayMs`). */
  record(op: JournalOp): void
  /** Writes `docs` as the new snapshot and starts an empty journal. */
  compact(docs: () => Iterable<SearchDoc>, slicer: Slicer): Promise<void>
  /** Changes recorded since the last snapshot. */
  journalOps(): number
  flush(): Promise<void>
}

/**
 * Where load() puts what it reads: straight into the index, with no map of all the documents in between (a
 * second copy of each, 50,000 keys, and one long rehash each time that map doubled).
 */
export interface LoadSink {
  put(doc: SearchDoc): void
  remove(chatId: string, messageId: string): void
  removeChat(chatId: string): void
}

export function createSearchStore(options: {
  dir: string
  logger: Logger
  writeDelayMs?: number
}): SearchStore {
  const { dir, logger } = options
  mkdirSync(dir, { recursive: true })
  const indexPath = join(dir, 'index.jsonl')
  const journalPath = join(dir, 'journal.jsonl')
  const files = createSerialQueue()
  let generation: string | null = null
  let pending: string[] = []
  let opsSinceSnapshot = 0
  let compacting = false
  let timer: NodeJS.Timeout | null = null

  const headerLine = () =>
    JSON.stringify({
      format: FORMAT,
      schemaVersion: SEARCH_SCHEMA_VERSION,
      tokenizerVersion: TOKENIZER_VERSION,
      generation,
    })

  const damaged = (path: string, reason: string) => {
    moveAside(path, logger, { document: 'cache', file: path, reason })
    return { rebuild: `damaged: ${reason}` }
  }

  const parseHeader = (line: string | undefined) => {
    try {
      return header.safeParse(JSON.parse(line ?? ''))
    } catch {
      return null
    }
  }

  const writeNow = (): Promise<void> =>
    files.run(async () => {
      if (compacting || pending.length === 0 || generation === null) return
      const lines = pending
      pending = []
      try {
        await appendFile(journalPath, lines.join(''), { mode: 0o600 })
      } catch (error) {
        pending = [...lines, ...pending]
        logger.error('search journal write failed', { error: errorMessage(error) })
      }
    })

  return {
    async load(slicer, into) {
      let head: z.infer<typeof header> | null = null
      try {
        for await (const { text, number } of fileLines(indexPath)) {
          if (number === 1) {
            const parsed = parseHeader(text)
            if (!parsed?.success) return damaged(indexPath, 'bad header')
            head = parsed.data
            if (head.schemaVersion !== SEARCH_SCHEMA_VERSION || head.tokenizerVersion !== TOKENIZER_VERSION)
              return { rebuild: 'old version' }
            continue
          }
          if (text === '') continue
          const doc = parseLine(text, storedDoc)
          if (!doc) return damaged(indexPath, `bad document at line ${number}`)
          into.put(fromStored(doc))
          await slicer.pause('load: index line')
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { rebuild: 'missing' }
        throw error
      }
      if (!head) return damaged(indexPath, 'empty')
      generation = head.generation
      let applied = 0
      try {
        for await (const { text, number, ended } of fileLines(journalPath)) {
          if (number === 1) {
            if (parseHeader(text)?.data?.generation !== head.generation)
              return damaged(journalPath, 'journal of another snapshot')
            continue
          }
          // A last line without its newline was cut short by a crash mid-append: dropped.
          if (!ended) break
          const op = parseLine(text, journalOp)
          if (!op) return damaged(journalPath, `bad change at line ${number}`)
          apply(into, op)
          applied++
          await slicer.pause('load: journal line')
        }
        if (applied === 0) await files.run(() => writeFile(journalPath, headerLine() + '\n', { mode: 0o600 }))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        await files.run(() => writeFile(journalPath, headerLine() + '\n', { mode: 0o600 }))
      }
      opsSinceSnapshot = applied
      return { journalOps: applied }
    },

    record(op) {
      pending.push(JSON.stringify(op) + '\n')
      opsSinceSnapshot++
      timer ??= delayTimer(() => {
        timer = null
        void writeNow()
      }, options.writeDelayMs ?? 500)
    },

    async compact(docs, slicer) {
      compacting = true
      try {
        await files.run(async () => {
          generation = randomUUID()
          opsSinceSnapshot = 0
          const temp = `${indexPath}.${process.pid}.tmp`
          const handle = await open(temp, 'w', 0o600)
          try {
            let chunk = headerLine() + '\n'
            for (const doc of docs()) {
              chunk += JSON.stringify(toStored(doc)) + '\n'
              if (chunk.length > 256 * 1024) {
                await handle.write(chunk)
                chunk = ''
              }
              await slicer.pause('snapshot: line')
            }
            await handle.write(chunk)
            await handle.sync()
          } finally {
            await handle.close()
          }
          await rename(temp, indexPath)
          await writeFile(journalPath, headerLine() + '\n', { mode: 0o600 })
        })
      } finally {
        compacting = false
      }
      // Changes made while the snapshot was written go to the new journal (applying one twice is harmless).
      await writeNow()
    },

    journalOps: () => opsSinceSnapshot,
    flush: () => {
      if (timer) clearTimeout(timer)
      timer = null
      return writeNow()
    },
  }
}

/** A file's lines as they stream in (no one long read and split); `ended`: the line had its newline. */
async function* fileLines(path: string): AsyncGenerator<{ text: string; number: number; ended: boolean }> {
  let rest = ''
  let number = 0
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const parts = (rest + (chunk as string)).split('\n')
    rest = parts.pop()!
    for (const text of parts) yield { text, number: ++number, ended: true }
  }
  if (rest !== '') yield { text: rest, number: number + 1, ended: false }
}

function parseLine<S extends z.ZodType>(text: string, schema: S): z.output<S> | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function apply(into: LoadSink, op: JournalOp) {
  if ('put' in op) into.put(fromStored(op.put))
  else if ('del' in op) into.remove(op.del[0], op.del[1])
  else into.removeChat(op.dropChat)
}
