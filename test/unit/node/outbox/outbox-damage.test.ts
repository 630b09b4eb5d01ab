// outbox.json read back after damage: whatever is wrong with it, start() returns at once, the good entries
// go out, the bad ones are kept in a side file (never lost) and reported, and nothing spins. The first case
// is the one the review found: wrong-typed entries made the pump rewrite outbox.json ~1,400 times a second.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { confEngine, type StoreEngine } from '../../../../src/main/services/cache/engine'
import { createLinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import { createOutbox } from '../../../../src/main/services/outbox/outbox'
import type { DamageReport } from '../../../../src/main/services/persist/documents'
import { outboxTestbed } from './support'

const bed = outboxTestbed()
let logLines: string[] = []
const logger = createLogger({ console: false, sink: (line) => logLines.push(line) })

const chatId = () => bed.chatId(0)
const localId = () => 'local_' + randomBytes(16).toString('hex')

function entry(text: string, extra: Record<string, unknown> = {}) {
  return {
    localId: localId(),
    chatId: chatId(),
    text,
    idempotencyKey: 'lq_' + randomBytes(16).toString('hex'),
    files: [],
    createdAt: new Date().toISOString(),
    state: 'queued',
    failure: null,
    attempts: 0,
    ...extra,
  }
}

/** confEngine, counting the writes of outbox.json. */
function countingEngine(): { engine: StoreEngine; writes: () => number } {
  let writes = 0
  const engine: StoreEngine = (options) => {
    const file = confEngine(options)
    return {
      path: file.path,
      read: () => file.read(),
      write: (value) => {
        if (options.name === 'outbox') writes++
        file.write(value)
      },
    }
  }
  return { engine, writes: () => writes }
}

async function startOn(content: string | Buffer) {
  bed.dir = await mkdtemp(join(tmpdir(), 'linq-outbox-damage-'))
  await mkdir(bed.dir, { recursive: true })
  await writeFile(join(bed.dir, 'outbox.json'), content)
  logLines = []
  const damage: DamageReport[] = []
  const counting = countingEngine()
  bed.outbox = createOutbox({
    dir: bed.dir,
    engine: counting.engine,
    logger,
    client: createLinqClient({
      baseUrl: bed.sandbox.baseUrl,
      token: bed.sandbox.token,
      timeoutMs: 2_000,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100 },
      pacing: { perChatIntervalMs: 0 },
    }),
    senderFor: () => '+15550000000',
    fileSrc: (id, i) => `/media/outbox/${id}/${i}`,
    onChange: () => undefined,
    onSent: () => undefined,
    onRemoved: () => undefined,
    onDamage: (report) => damage.push(report),
  })
  const started = Date.now()
  bed.outbox.start()
  return { damage, writes: counting.writes, startMs: Date.now() - started }
}

const onServer = (text: string) =>
  bed.sandbox.state.messagesOf(Number(chatId())).filter((m) => m.text === text).length
const sideFiles = (suffix: string) => readdirSync(bed.dir).filter((name) => name.includes(suffix))

describe('a damaged outbox.json', () => {
  it('wrong-typed entries: start returns, the good entry is sent once, the bad ones are set aside; no hot loop', async () => {
    const good = entry('good one survives')
    const bad = [
      entry('files is a string', { files: 'x' }),
      entry('chat id is null', { chatId: null }),
      { ...entry('text is an object'), text: {} },
      entry('unknown state', { state: 'exploding' }),
      entry('a path outside the outbox', {
        files: [{ name: 'shadow', mimeType: 'text/plain', sizeBytes: 10, path: '/etc/shadow' }],
        localId: 'not-a-local-id',
      }),
      42,
      null,
    ]
    const { damage, writes, startMs } = await startOn(
      JSON.stringify({ schemaVersion: 1, entries: [bad[0], good, ...bad.slice(1)] }),
    )
    expect(startMs).toBeLessThan(1_000)
    // The review's wedge: count outbox.json writes over a second of running.
    const before = writes()
    await new Promise((r) => setTimeout(r, 1_000))
    expect(writes() - before).toBeLessThan(10)
    await bed.outbox!.idle()
    expect(onServer('good one survives')).toBe(1)
    expect(bed.outbox!.all()).toEqual([])

    expect(damage).toEqual([
      { document: 'outbox', entries: bad.length, whole: false, aside: expect.stringContaining('.rejected-') },
    ])
    const [aside] = sideFiles('.rejected-')
    expect(JSON.parse(readFileSync(join(bed.dir, aside!), 'utf8'))).toEqual(bad)
    // The log says what and how many, never the text.
    const log = logLines.join('\n')
    expect(log).toMatch(/count=7/)
    expect(log).not.toContain('files is a string')
  })

  const wholeFileCases: [string, () => string | Buffer][] = [
    ['truncated', () => JSON.stringify({ schemaVersion: 1, entries: [entry('cut off')] }).slice(0, 60)],
    ['random bytes', () => randomBytes(512)],
    ['empty', () => ''],
    ['not an object', () => JSON.stringify([entry('in an array')])],
    ['a newer version', () => JSON.stringify({ schemaVersion: 9, entries: [entry('from the future')] })],
    ['a version that is not a number', () => JSON.stringify({ schemaVersion: '1', entries: [] })],
  ]
  for (const [kind, make] of wholeFileCases) {
    it(`${kind}: the file is moved aside whole, a fresh outbox starts and works`, async () => {
      const content = make()
      const { damage, startMs } = await startOn(content)
      expect(startMs).toBeLessThan(1_000)
      expect(damage).toEqual([
        { document: 'outbox', entries: 0, whole: true, aside: expect.stringContaining('.corrupt-') },
      ])
      const [aside] = sideFiles('.corrupt-')
      expect(readFileSync(join(bed.dir, aside!))).toEqual(Buffer.from(content))
      await bed.outbox!.enqueue({ chatId: chatId(), text: `after ${kind}`, files: [] })
      await bed.outbox!.idle()
      expect(onServer(`after ${kind}`)).toBe(1)
      // The fresh file is the one read at the next start, so nothing written after the damage is lost.
      expect(JSON.parse(readFileSync(join(bed.dir, 'outbox.json'), 'utf8'))).toEqual({
        schemaVersion: 1,
        entries: [],
      })
    })
  }

  it('an unversioned file of the same layout (early builds) loads as version 1', async () => {
    const { damage } = await startOn(JSON.stringify({ entries: [entry('unversioned')] }))
    await bed.outbox!.idle()
    expect(damage).toEqual([])
    expect(onServer('unversioned')).toBe(1)
  })

  it('an entry whose copied file is gone fails with the reason and waits; the pump does not spin', async () => {
    const missing = entry('photo went missing', {
      files: [{ name: 'photo.png', mimeType: 'image/png', sizeBytes: 10 }],
    })
    const { writes } = await startOn(JSON.stringify({ schemaVersion: 1, entries: [missing] }))
    await bed.outbox!.idle()
    const before = writes()
    await new Promise((r) => setTimeout(r, 500))
    expect(writes()).toBe(before)
    expect(bed.outbox!.all()[0]).toMatchObject({ state: 'failed', failure: { retryable: true } })
    expect(existsSync(join(bed.dir, 'outbox.json'))).toBe(true)
  })
})
