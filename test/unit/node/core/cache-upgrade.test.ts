// An existing user's data dir from before the paged cache: a real session (signed in to the sandbox, a chat
// opened, drafts, a message queued while Linq refuses sends), its cache then rewritten in version 1's layout
// (one index.json with chats, sync state and drafts; one chats/<id>.json per chat). Started by today's app,
// everything is there: the chats, the messages, the drafts and the queued message, and the old files are gone.
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { signInWithoutKeychain, startTestCore, until } from '../../../support/core'

let linq: Sandbox | null = null
let dataDir = ''
afterAll(async () => {
  await linq?.close()
  await rm(dataDir, { recursive: true, force: true })
})

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>

/** Rewrites a paged cache folder as version 1 wrote it. */
async function downgradeToV1(cache: string): Promise<void> {
  const list = { chats: [] as unknown[], meta: {} as Record<string, unknown> }
  for (const page of await readdir(join(cache, 'index'))) {
    const doc = await readJson(join(cache, 'index', page))
    list.chats.push(...(doc.chats as unknown[]))
    Object.assign(list.meta, doc.meta)
  }
  const numbers = await readJson(join(cache, 'numbers.json'))
  const drafts = await readJson(join(cache, 'drafts.json'))
  const index = { schemaVersion: 1, phoneNumbers: numbers.phoneNumbers, ...list, drafts: drafts.drafts }
  await writeFile(join(cache, 'index.json'), JSON.stringify(index))
  for (const chat of await readdir(join(cache, 'chats'))) {
    const folder = join(cache, 'chats', chat)
    const messages: unknown[] = []
    for (const page of await readdir(folder))
      messages.push(...((await readJson(join(folder, page))).messages as []))
    await writeFile(`${folder}.json`, JSON.stringify({ schemaVersion: 1, messages }))
    await rm(folder, { recursive: true })
  }
  for (const gone of ['index', 'numbers.json', 'drafts.json'])
    await rm(join(cache, gone), { recursive: true })
}

describe('upgrading a data dir from the cache layout before pages', () => {
  it('keeps the chats, messages, drafts and the queued message', async () => {
    linq = await startSandbox({ chatCount: 4, bigChatSize: 20, activity: false })
    linq.faults.set({ rules: [{ route: 'sendMessage', status: 503, retryAfter: '3600' }] })
    dataDir = await mkdtemp(join(tmpdir(), 'linq-cache-upgrade-'))
    const first = await startTestCore({ dataDir })
    const workspaceId = await signInWithoutKeychain(first, linq.baseUrl, linq.token)
    await until(async () => (await first.value('listChats')).chats.length === 4)
    const [a, b] = (await first.value('listChats')).chats
    const before = (await first.value('listMessages', { chatId: a!.id })).messages.map((m) => m.id)
    await first.value('sendMessage', { chatId: a!.id, text: 'queued', attachmentIds: [] })
    await first.value('setDraft', { chatId: b!.id, text: 'draft for B' })
    await first.core.dispose()

    const cache = join(dataDir, 'workspaces', workspaceId, 'cache')
    await downgradeToV1(cache)
    expect(existsSync(join(cache, 'chats', `${a!.id}.json`))).toBe(true)

    const again = await startTestCore({ dataDir })
    try {
      const listed = await again.value('listChats')
      expect(listed.chats).toHaveLength(4)
      expect(listed.drafts).toEqual({ [b!.id]: 'draft for B' })
      const messages = (await again.value('listMessages', { chatId: a!.id })).messages
      expect(
        messages.filter((m) => m.status !== 'queued' && m.status !== 'sending').map((m) => m.id),
      ).toEqual(before)
      expect(messages.filter((m) => m.text === 'queued')).toHaveLength(1)
      expect(existsSync(join(cache, 'index.json'))).toBe(false)
      expect(existsSync(join(cache, 'chats', `${a!.id}.json`))).toBe(false)
      expect(await readdir(join(cache, 'chats', a!.id))).toEqual(['0.json'])
      expect(await again.value('takeNotices')).toEqual([])
    } finally {
      await again.core.dispose()
    }
  })
})
