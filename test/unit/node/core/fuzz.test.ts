// Property-based fuzzing of every contract channel (and the preload's own) through the real router and
// services: signed out, and signed in to the demo workspace with real ids in the inputs so handlers run
// past validation. Whatever the input, the answer is a typed result: never `internal`, never an unhandled
// rejection, and memory stays bounded. Failing inputs are shrunk and printed by fast-check.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import type { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CHANNEL_NAMES,
  invokeContract,
  PRELOAD_CHANNEL_NAMES,
  preloadContract,
  type ChannelName,
} from '../../../../src/shared/contract'
import { REACTION_TYPES } from '../../../../src/shared/domain'
import { ERROR_KINDS, type IpcResult } from '../../../../src/shared/errors'
import { startTestCore, until, type TestCore } from '../../../support/core'

// A full collection on demand, so the heap is compared without garbage in it.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const RUNS = Number(process.env.LINQ_FUZZ_RUNS ?? 100)
// A new seed each run explores more over time; it is printed, and LINQ_FUZZ_SEED replays a failure.
const SEED = Number(process.env.LINQ_FUZZ_SEED ?? Date.now() % 2 ** 31)
fc.configureGlobal({ seed: SEED })
let dataDir: string
let test: TestCore
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
let heapBefore = 0
// What main logged: an `internal` answer is explained by its "ipc handler crashed" line.
const logLines: string[] = []
let dispatched = 0

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  dataDir = await mkdtemp(join(tmpdir(), 'linq-fuzz-'))
  test = await startTestCore({ dataDir, logLines })
  gc()
  heapBefore = process.memoryUsage().heapUsed
})
afterAll(async () => {
  await test.core.dispose()
  await rm(dataDir, { recursive: true, force: true })
  process.off('unhandledRejection', onUnhandled)
})

/** The keys a channel's input may have, from its zod schema. */
function keysOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape
  return shape ? Object.keys(shape) : []
}

/** Values that reach handlers: real ids of the open workspace next to junk of every type. */
function values(ids: string[]): fc.Arbitrary<unknown> {
  const known = ids.length > 0 ? [fc.constantFrom(...ids)] : []
  return fc.oneof(
    ...known,
    ...known,
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '',
      ' ',
      '../../etc/passwd',
      '/etc/shadow',
      'local_' + '0'.repeat(32),
      'stg_' + '0'.repeat(24),
    ),
    fc.constantFrom(...REACTION_TYPES, 'add', 'remove', 'safe-storage', 'memory'),
    fc.constantFrom(
      'https://example.com/',
      'mailto:a@b.c',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://127.0.0.1:9',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.uint8Array({ maxLength: 64 }),
    fc.array(known.length > 0 ? known[0]! : fc.string(), { maxLength: 12 }),
    fc.constant('x'.repeat(20_000)),
    fc.anything({ maxDepth: 3 }),
  )
}

/** The workspace's real ids by kind, so inputs name things that exist. */
interface Ids {
  chats: string[]
  messages: string[]
  attachments: string[]
  local: string[]
  staged: string[]
  paths: string[]
}

const pick = (list: string[]) => (list.length > 0 ? fc.constantFrom(...list) : fc.string({ maxLength: 8 }))

/** Well-typed values for a key, by its name (most inputs then pass validation and reach a handler). */
function fitting(key: string, ids: Ids): fc.Arbitrary<unknown> {
  switch (key) {
    case 'chatId':
      return pick(ids.chats)
    case 'messageId':
    case 'beforeId':
      return pick(ids.messages)
    case 'attachmentId':
      return pick(ids.attachments)
    case 'localId':
      return pick(ids.local)
    case 'id':
      return pick(ids.staged)
    case 'attachmentIds':
      return fc.array(pick(ids.staged), { maxLength: 3 })
    case 'path':
      return pick(ids.paths)
    case 'limit':
    case 'before':
      return fc.integer({ min: 1, max: 200 })
    // searchMessages (issue 18)
    case 'query':
    case 'cursor':
      return fc.string({ minLength: 1, maxLength: 30 })
    case 'from':
      // Two channels use the key: search (me / them) and new chats (our Linq number, E.164).
      return fc.constantFrom('me', 'them', '+14155550101', '+442079460958')
    case 'since':
    case 'until':
      return fc.constantFrom('2026-01-01T00:00:00Z', '2026-12-31T23:59:59.000+02:00')
    case 'type':
      return fc.constantFrom(...REACTION_TYPES)
    case 'operation':
      return fc.constantFrom('add', 'remove')
    case 'storage':
      return fc.constantFrom('safe-storage', 'memory')
    case 'bytes':
      return fc.uint8Array({ minLength: 1, maxLength: 256 })
    case 'url':
      return fc.constantFrom(
        'https://example.com/a',
        'mailto:a@b.c',
        'http://127.0.0.1:9',
        'file:///etc/passwd',
        // The team relay's NATS address: loopback, nothing listening.
        'nats://127.0.0.1:9',
      )
    case 'relayWorkspace':
    case 'deviceId':
      return fc.constantFrom('acme', 'laptop-1', 'Not A Name')
    case 'credentials':
      return fc.constantFrom(
        { kind: 'none' },
        { kind: 'password', user: 'acme-laptop-1', password: 'pw' },
        { kind: 'token', token: 't' },
        { kind: 'creds', creds: 'not a creds file' },
      )
    case 'baseUrl':
      // Loopback only: a fuzzed sign-in must not reach out to the internet.
      return fc.constantFrom('http://127.0.0.1:9', 'http://127.0.0.1:9/api/partner/v2/')
    // conversations (issue 17): numbers, some of them our own, and contact fields
    case 'phoneNumber':
      return fc.constantFrom('+14155550101', '+442079460958', '+33612345678')
    case 'to':
    case 'phoneNumbers':
      return fc.array(fc.constantFrom('+442079460958', '+33612345678', '+14155550102', '+12125550100'), {
        minLength: 1,
        maxLength: 3,
      })
    case 'phoneRegion':
      return fc.constantFrom('GB', 'US', null, 'XX')
    case 'displayName':
      return fc.option(fc.string({ maxLength: 30 }))
    case 'email':
      return fc.constantFrom('', 'a@example.com', 'not an email')
    case 'firstName':
    case 'lastName':
    case 'company':
    case 'text':
    case 'name':
    case 'mimeType':
    case 'token':
    case 'pendingId':
      return fc.string({ minLength: 1, maxLength: 30 })
    default:
      return fc.boolean()
  }
}

/** Inputs for a channel: its own keys, mostly well-typed, sometimes junk; now and then anything at all. */
function inputs(schema: unknown, ids: Ids): fc.Arbitrary<unknown> {
  const all = [...ids.chats, ...ids.messages, ...ids.attachments, ...ids.local, ...ids.staged]
  const keys = keysOf(schema)
  const field = (key: string) =>
    fc.oneof({ weight: 5, arbitrary: fitting(key, ids) }, { weight: 1, arbitrary: values(all) })
  const shaped = fc.record(Object.fromEntries(keys.map((key) => [key, field(key)])), { requiredKeys: [] })
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: fc.anything() })
}

/** Per channel, how many calls got past validation to a handler (signed in): the fuzz must reach them. */
const reached = new Map<string, number>()

function expectTyped(channel: string, input: unknown, result: IpcResult<unknown>): void {
  dispatched++
  const schema =
    (invokeContract as Record<string, { input: z.ZodType }>)[channel] ?? preloadContract.stageDroppedFile
  if (schema.input.safeParse(input).success) reached.set(channel, (reached.get(channel) ?? 0) + 1)
  if (result.ok) return
  expect(ERROR_KINDS, `${channel}: unknown error kind`).toContain(result.error.kind)
  const crash = () => logLines.filter((line) => line.includes('ipc handler crashed')).at(-1)
  expect(
    result.error.kind,
    `${channel} answered internal for ${JSON.stringify(input)?.slice(0, 300)}: ${crash()}`,
  ).not.toBe('internal')
  // Only the latest lines matter; the log is not kept whole.
  if (logLines.length > 1_000) logLines.splice(0, logLines.length - 100)
  expect(typeof result.error.message).toBe('string')
}

async function fuzzChannels(ids: Ids, afterEach: () => Promise<void>, runsFor: (c: string) => number) {
  for (const channel of CHANNEL_NAMES) {
    await fc.assert(
      fc
        .asyncProperty(inputs(invokeContract[channel].input, ids), async (input) => {
          expectTyped(channel, input, await test.core.dispatch(channel, input, { trusted: true }))
        })
        .afterEach(afterEach),
      { numRuns: runsFor(channel) },
    )
  }
  for (const channel of PRELOAD_CHANNEL_NAMES) {
    await fc.assert(
      fc.asyncProperty(inputs(preloadContract[channel].input, ids), async (input) => {
        expectTyped(channel, input, await test.core.dispatchPreload(channel, input, { trusted: true }))
      }),
      { numRuns: runsFor(channel) },
    )
  }
}

/** Channels that end or replace the session: fewer runs, and the demo reopened after each. */
const SESSION_CHANNELS: ChannelName[] = ['signOut', 'startDemo', 'signIn', 'chooseTokenStorage']

describe('fuzzing every channel through the router', () => {
  it('signed out: typed errors only', async () => {
    const none: Ids = { chats: [], messages: [], attachments: [], local: [], staged: [], paths: [dataDir] }
    await fuzzChannels(
      none,
      async () => {
        // A fuzzed signIn/startDemo may have opened a workspace: back to signed out.
        if ((await test.value('getSession')).status === 'signed-in')
          await test.value('signOut', { clearLocalData: true })
      },
      (channel) => (SESSION_CHANNELS.includes(channel as ChannelName) ? 10 : RUNS),
    )
  }, 240_000)

  it('signed in to the demo workspace, with its real ids: typed errors only, no internal', async () => {
    await test.value('startDemo')
    await until(async () => (await test.value('listChats')).chats.length > 0)
    const chats = (await test.value('listChats')).chats
    const ids: Ids = {
      chats: chats.slice(0, 6).map((c) => c.id),
      messages: [],
      attachments: [],
      local: [],
      staged: [],
      // Folders, a file of the app's own, a link: main refuses or stages each by its rules.
      paths: [dataDir, join(dataDir, 'app.json'), '/dev/null', join(dataDir, 'missing')],
    }
    for (const chat of chats.slice(0, 3)) {
      const { messages } = await test.value('listMessages', { chatId: chat.id })
      for (const m of messages.slice(-8)) {
        ids.messages.push(m.id)
        ids.attachments.push(...m.attachments.map((a) => a.id))
      }
    }
    const sent = await test.value('sendMessage', { chatId: chats[0]!.id, text: 'fuzz', attachmentIds: [] })
    ids.local.push(sent.localId!)
    for (let i = 0; i < 3; i++) {
      const staged = await test.value('stageFileBytes', {
        name: `fuzz-${i}.png`,
        mimeType: 'image/png',
        bytes: new Uint8Array(randomBytes(32)),
      })
      if (staged.ok) ids.staged.push(staged.file.id)
    }
    reached.clear()
    await fuzzChannels(
      ids,
      async () => {
        if ((await test.value('getSession')).status !== 'signed-in') await test.value('startDemo')
      },
      (channel) => (SESSION_CHANNELS.includes(channel as ChannelName) ? 20 : RUNS * 2),
    )
    expect((await test.value('getSession')).status).toBe('signed-in')
    process.stdout.write(`reached a handler: ${JSON.stringify(Object.fromEntries(reached))}\n`)
    for (const channel of CHANNEL_NAMES) expect(reached.get(channel) ?? 0, channel).toBeGreaterThan(0)
  }, 400_000)

  it('no unhandled rejection, and memory stayed bounded', async () => {
    await new Promise((r) => setTimeout(r, 200))
    expect(unhandled).toEqual([])
    gc()
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
    process.stdout.write(
      `fuzzing (seed ${SEED}): ${dispatched} calls, heap growth ${growthMb.toFixed(1)} MB\n`,
    )
    expect(dispatched).toBeGreaterThan(CHANNEL_NAMES.length * RUNS)
    // What stays after a full collection: caches of the open workspace, not one copy per call.
    expect(growthMb).toBeLessThan(50)
  })
})
