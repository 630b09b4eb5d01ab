// Run by cold-start.bench.ts in a process of its own: `app` opens the cache as the main process does at start,
// answers listChats and opens the big chat; `floor` only reads and JSON.parses the same files and keeps them.
// Prints process.memoryUsage() after a full GC (node --expose-gc), as JSON.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serialize } from 'node:v8'
import { createWorkspaceCache } from '../../src/main/services/cache/cache'
import { confEngine } from '../../src/main/services/cache/engine'
import { createLogger } from '../../src/main/services/log'
import { chatListAnswer } from '../../src/main/services/workspace/chat-list'

const [dir, bigChatId, mode] = process.argv.slice(2) as [string, string, 'app' | 'floor']
const pages = (folder: string) => readdirSync(join(dir, folder)).map((f) => join(dir, folder, f))
const kept: unknown[] = []
if (mode === 'floor') {
  for (const file of [...pages('index'), ...pages(join('chats', bigChatId))])
    kept.push(JSON.parse(readFileSync(file, 'utf8')))
} else {
  const cache = createWorkspaceCache({
    dir,
    engine: confEngine,
    logger: createLogger({ console: false }),
    attachmentSummary: () => null,
  })
  serialize(chatListAnswer(cache, []))
  kept.push(cache, cache.page(bigChatId, 100))
}
;(globalThis as { gc?: () => void }).gc?.()
process.stdout.write(JSON.stringify({ ...process.memoryUsage(), kept: kept.length }))
