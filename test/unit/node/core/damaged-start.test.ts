// The whole app core started on a data dir where one saved file is damaged, for each file and each kind of
// damage: it starts in bounded time, shows the user what it could not restore, and loses nothing else (the
// queued message, the drafts, the chats, the sign-in). The data dir is made once by a real session: signed
// in to the sandbox, a chat opened, two drafts, one message queued while Linq refuses sends.
import { randomBytes } from 'node:crypto'
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Notice } from '../../../../src/shared/domain'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { signInWithoutKeychain, startTestCore, until, type TestCore } from '../../../support/core'

let linq: Sandbox
let template: string
let workspaceId: string
let chatA: string
let chatB: string
let serverMessagesOfA: string[]
let running: TestCore | null = null
const dirs: string[] = []
const QUEUED = 'queued while Linq refuses sends'

beforeAll(async () => {
  linq = await startSandbox({ chatCount: 4, bigChatSize: 20, activity: false })
  // Sends are refused for an hour: the message stays in the outbox across every start below.
  linq.faults.set({ rules: [{ route: 'sendMessage', status: 503, retryAfter: '3600' }] })
  template = await mkdtemp(join(tmpdir(), 'linq-damage-template-'))
  const first = await startTestCore({ dataDir: template })
  workspaceId = await signInWithoutKeychain(first, linq.baseUrl, linq.token)
  await until(async () => (await first.value('listChats')).chats.length === 4)
  const [a, b] = (await first.value('listChats')).chats
  chatA = a!.id
  chatB = b!.id
  serverMessagesOfA = (await first.value('listMessages', { chatId: chatA })).messages.map((m) => m.id)
  // Sending clears the chat's draft: the drafts come after.
  await first.value('sendMessage', { chatId: chatA, text: QUEUED, attachmentIds: [] })
  await first.value('setDraft', { chatId: chatA, text: 'draft for A' })
  await first.value('setDraft', { chatId: chatB, text: 'draft for B' })
  await first.core.dispose()
}, 60_000)
afterAll(async () => {
  await linq.close()
  for (const dir of [template, ...dirs]) await rm(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await running?.core.dispose()
  running = null
})

const fileOf = {
  'app.json': () => 'app.json',
  'tokens.json': () => 'tokens.json',
  'outbox.json': () => join('workspaces', workspaceId, 'outbox', 'outbox.json'),
  'a chat list page': () => join('workspaces', workspaceId, 'cache', 'index', '0.json'),
  'drafts.json': () => join('workspaces', workspaceId, 'cache', 'drafts.json'),
  'a chat page': () => join('workspaces', workspaceId, 'cache', 'chats', chatA, '0.json'),
}
type FileName = keyof typeof fileOf

/** The same document with entries of the wrong type next to good ones. */
const wrongTypes: Record<FileName, (doc: Record<string, unknown>) => unknown> = {
  'app.json': (doc) => ({ ...doc, settings: { notificationsEnabled: 'loud', notificationPreviews: 1 } }),
  'tokens.json': (doc) => Object.fromEntries(Object.keys(doc).map((key) => [key, 42])),
  'outbox.json': (doc) => ({
    ...doc,
    entries: [...(doc.entries as unknown[]), { localId: 'x', chatId: null, text: {}, files: 'x' }],
  }),
  'a chat list page': (doc) => ({ ...doc, chats: [...(doc.chats as unknown[]), { id: 5, title: null }] }),
  'drafts.json': (doc) => ({ ...doc, drafts: { ...(doc.drafts as object), [chatA]: 42 } }),
  'a chat page': (doc) => ({ ...doc, messages: [...(doc.messages as unknown[]), { id: null, text: 7 }] }),
}

const damages: Record<string, (text: string, file: FileName) => string | Buffer> = {
  truncated: (text) => text.slice(0, Math.floor(text.length / 2)),
  'random bytes': () => randomBytes(400),
  empty: () => '',
  'wrong types': (text, file) =>
    JSON.stringify(wrongTypes[file](JSON.parse(text) as Record<string, unknown>)),
  'wrong version': (text) => JSON.stringify({ ...(JSON.parse(text) as object), schemaVersion: 99 }),
}

/** What the user is told, and what may be lost, for each file: the whole file or some of its entries. */
const expected: Record<
  FileName,
  { whole: RegExp | null; entries: RegExp | null; signedOutWhenWhole: boolean }
> = {
  'app.json': {
    whole: /settings file was damaged.*Sign in again/,
    entries: /defaults are used/,
    signedOutWhenWhole: true,
  },
  // The vault has no version of its own; a wrong one is ignored (the token is still read).
  'tokens.json': {
    whole: /could not be reopened\. Sign in again/,
    entries: /could not be reopened/,
    signedOutWhenWhole: true,
  },
  'outbox.json': {
    whole: /Unsent messages could not be restored/,
    entries: /1 unsent message could not be restored/,
    signedOutWhenWhole: false,
  },
  // The chats of a damaged page of the list are listed again by sync; the drafts are in a file of their own.
  'a chat list page': {
    whole: /being downloaded again/,
    entries: /being downloaded again/,
    signedOutWhenWhole: false,
  },
  'drafts.json': {
    whole: /Drafts could not be restored/,
    entries: /1 draft could not be restored/,
    signedOutWhenWhole: false,
  },
  'a chat page': {
    whole: /being downloaded again/,
    entries: /being downloaded again/,
    signedOutWhenWhole: false,
  },
}

async function startDamaged(file: FileName, damage: string) {
  const dataDir = await mkdtemp(join(tmpdir(), 'linq-damaged-'))
  dirs.push(dataDir)
  await cp(template, dataDir, { recursive: true })
  const path = join(dataDir, fileOf[file]())
  await writeFile(path, damages[damage]!(await readFile(path, 'utf8'), file))
  const started = Date.now()
  running = await startTestCore({ dataDir })
  return { test: running, dataDir, startMs: Date.now() - started }
}

const unsent = (status: string) => status === 'queued' || status === 'sending'
const pendingTexts = async (test: TestCore) =>
  (await test.value('listMessages', { chatId: chatA })).messages
    .filter((m) => unsent(m.status))
    .map((m) => m.text)

describe('starting on a damaged data dir', () => {
  for (const file of Object.keys(fileOf) as FileName[]) {
    for (const damage of Object.keys(damages)) {
      if (file === 'tokens.json' && damage === 'wrong version') continue
      it(`${file}, ${damage}: starts, says what it could not restore, loses nothing else`, async () => {
        const { test, startMs } = await startDamaged(file, damage)
        expect(startMs).toBeLessThan(5_000)
        const whole = damage !== 'wrong types'
        const expectation = expected[file]
        const signedOut = (whole && expectation.signedOutWhenWhole) || file === 'tokens.json'
        if (signedOut) {
          expect(await test.value('getSession')).toEqual({ status: 'signed-out' })
          // The workspace's data is all still there: signing in again brings it back.
          expect(await signInWithoutKeychain(test, linq.baseUrl, linq.token)).toBe(workspaceId)
        } else {
          expect(await test.value('getSession')).toMatchObject({ status: 'signed-in' })
        }
        await expect.poll(async () => (await test.value('listChats')).chats.length).toBe(4)
        const { drafts } = await test.value('listChats')
        const draftsLost = file === 'drafts.json'
        if (!(draftsLost && whole)) expect(drafts[chatB]).toBe('draft for B')
        if (!draftsLost) expect(drafts[chatA]).toBe('draft for A')
        if (file === 'outbox.json' && whole) expect(await pendingTexts(test)).toEqual([])
        else expect(await pendingTexts(test)).toEqual([QUEUED])
        // The chat's messages: from the file, or fetched again when it was damaged.
        const messages = (await test.value('listMessages', { chatId: chatA })).messages
        expect(messages.filter((m) => !unsent(m.status)).map((m) => m.id)).toEqual(serverMessagesOfA)
        // What the user was told (a chat file is read when the chat is opened, so after the checks above).
        const notices: Notice[] = await test.value('takeNotices')
        expect(notices.map((n) => n.message).join('\n')).toMatch(
          (whole ? expectation.whole : expectation.entries)!,
        )
        // Taken once: a second window does not get them again.
        expect(await test.value('takeNotices')).toEqual([])
      })
    }
  }

  it('the damaged data is kept beside the file, never deleted', async () => {
    const { dataDir } = await startDamaged('outbox.json', 'truncated')
    const folder = join(dataDir, 'workspaces', workspaceId, 'outbox')
    const kept = (await readdir(folder)).filter((name) => name.startsWith('outbox.json.corrupt-'))
    expect(kept).toHaveLength(1)
    const original = await readFile(join(template, fileOf['outbox.json']()), 'utf8')
    expect(await readFile(join(folder, kept[0]!), 'utf8')).toBe(
      original.slice(0, Math.floor(original.length / 2)),
    )
  })
})
