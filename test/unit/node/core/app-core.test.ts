// The whole main process without Electron: sign-in, token storage choices, restore at start, sign-out, the
// demo workspace, all through the same dispatch the windows use. The token must never come back out.
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKeytarVault } from '../../../../src/main/services/vault/keytar-vault'
import type { AppCore } from '../../../../src/main/services/app-core'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { simplePdf } from '../../../../src/sandbox/png'
import { startTestCore, type TestCore } from '../../../support/core'

let linq: Sandbox
let dataDir: string
let cores: AppCore[] = []
let logLines: string[] = []
let outbound: string[] = []
const keychainService = `linq-desktop-test-${randomUUID().slice(0, 8)}`

beforeAll(async () => {
  linq = await startSandbox({ chatCount: 5, bigChatSize: 20, activity: false })
})
afterAll(() => linq.close())
afterEach(async () => {
  for (const core of cores) await core.dispose()
  cores = []
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

async function start(options: { keychain: 'unavailable' | 'real'; fresh?: boolean }) {
  if (options.fresh !== false) {
    dataDir = await mkdtemp(join(tmpdir(), 'linq-core-'))
    logLines = []
    outbound = []
  }
  const test = await startTestCore({
    dataDir,
    keychain: options.keychain === 'real' ? { service: keychainService } : 'unavailable',
    logLines,
  })
  cores.push(test.core)
  // Everything that left the core, across restarts of the same data dir.
  test.core.events.subscribe((event, payload) => outbound.push(JSON.stringify({ event, payload })))
  const call: TestCore['call'] = async (channel, input) => {
    const result = await test.call(channel, input)
    outbound.push(JSON.stringify(result))
    return result
  }
  return { core: test.core, call, value: test.value }
}

function expectNoTokenAnywhere(): void {
  expect(outbound.join('\n')).not.toContain(linq.token)
  expect(logLines.join('\n')).not.toContain(linq.token)
}

describe('sign-in', () => {
  it('refuses a wrong token in plain words and stores nothing', async () => {
    const { call } = await start({ keychain: 'unavailable' })
    const result = await call('signIn', { token: 'wrong-token', baseUrl: linq.baseUrl })
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized' } })
    if (!result.ok) expect(result.error.message).toMatch(/did not accept this token/)
    expect((await call('getSession')).ok && (await call('getSession'))).toMatchObject({
      value: { status: 'signed-out' },
    })
    expect(existsSync(join(dataDir, 'tokens.json'))).toBe(false)
  })

  it('says when the address does not answer, or answers but is not Linq', async () => {
    const { call } = await start({ keychain: 'unavailable' })
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const deadPort = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    const unreachable = await call('signIn', { token: linq.token, baseUrl: `http://127.0.0.1:${deadPort}` })
    expect(unreachable).toMatchObject({ ok: false, error: { kind: 'network' } })

    const notLinq = createServer((_req, res) =>
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Blog</h1>'),
    )
    await new Promise<void>((r) => notLinq.listen(0, '127.0.0.1', r))
    try {
      const result = await call('signIn', {
        token: linq.token,
        baseUrl: `http://127.0.0.1:${(notLinq.address() as AddressInfo).port}`,
      })
      expect(result).toMatchObject({ ok: false, error: { kind: 'bad-response' } })
      if (!result.ok) expect(result.error.message).toMatch(/not like the Linq API/)
    } finally {
      await new Promise((r) => notLinq.close(r))
    }
    expectNoTokenAnywhere()
  })

  it('without a keychain asks where to keep the token; weak encryption needs an explicit yes; restart reopens from it', async () => {
    const first = await start({ keychain: 'unavailable' })
    const asked = await first.value('signIn', {
      token: linq.token,
      baseUrl: linq.baseUrl + '/api/partner/v2/',
    })
    expect(asked.status).toBe('choose-storage')
    if (asked.status !== 'choose-storage') return
    expect(asked.workspace.phoneNumbers.length).toBeGreaterThan(0)
    expect(asked.fallback).toMatchObject({
      safeStorage: { available: true, backend: 'basic_text', isWeak: true },
    })

    const refused = await first.call('chooseTokenStorage', {
      pendingId: asked.pendingId,
      storage: 'safe-storage',
      acceptWeakEncryption: false,
    })
    expect(refused).toMatchObject({ ok: false })
    // The refusal does not lose the validated token: asking again with consent works.
    const signedIn = await first.value('chooseTokenStorage', {
      pendingId: asked.pendingId,
      storage: 'safe-storage',
      acceptWeakEncryption: true,
    })
    expect(signedIn).toMatchObject({ status: 'signed-in', tokenStorage: 'safe-storage' })
    await expect.poll(async () => (await first.value('listChats')).chats.length).toBe(linq.state.chats.size)
    await first.core.dispose()
    cores = []

    // Restart with Linq unreachable: the workspace reopens from the stored token and shows the cache at once.
    linq.faults.set({ rules: [{ reset: true }] })
    try {
      const again = await start({ keychain: 'unavailable', fresh: false })
      expect(await again.value('getSession')).toMatchObject({
        status: 'signed-in',
        tokenStorage: 'safe-storage',
      })
      expect((await again.value('listChats')).chats).toHaveLength(linq.state.chats.size)
    } finally {
      linq.faults.clear()
    }
    expectNoTokenAnywhere()
  })

  it('a token kept for this session only is gone after a restart', async () => {
    const first = await start({ keychain: 'unavailable' })
    const asked = await first.value('signIn', { token: linq.token, baseUrl: linq.baseUrl })
    if (asked.status !== 'choose-storage') throw new Error('expected the storage choice')
    await first.value('chooseTokenStorage', {
      pendingId: asked.pendingId,
      storage: 'memory',
      acceptWeakEncryption: false,
    })
    await first.core.dispose()
    cores = []
    const again = await start({ keychain: 'unavailable', fresh: false })
    expect(await again.value('getSession')).toEqual({ status: 'signed-out' })
    expectNoTokenAnywhere()
  })

  it.skipIf(!process.env.LINQ_KEYRING)(
    'with a keychain: stores there, reopens at start, and sign-out deletes token and local data',
    async () => {
      const first = await start({ keychain: 'real' })
      const result = await first.value('signIn', { token: linq.token, baseUrl: linq.baseUrl })
      expect(result).toMatchObject({ status: 'signed-in', session: { tokenStorage: 'keychain' } })
      await expect.poll(async () => (await first.value('listChats')).chats.length).toBe(linq.state.chats.size)
      await first.core.dispose()
      cores = []

      const again = await start({ keychain: 'real', fresh: false })
      const session = await again.value('getSession')
      expect(session).toMatchObject({ status: 'signed-in', tokenStorage: 'keychain' })
      if (session.status !== 'signed-in') return
      const workspaceDir = join(dataDir, 'workspaces', session.workspace.id)
      expect(existsSync(workspaceDir)).toBe(true)
      await again.value('signOut', { clearLocalData: true })
      expect(existsSync(workspaceDir)).toBe(false)
      expect(await createKeytarVault({ service: keychainService }).get(session.workspace.id)).toBeNull()
      expect(await again.value('getSession')).toEqual({ status: 'signed-out' })
      expectNoTokenAnywhere()
    },
  )
})

describe('the demo workspace', () => {
  it("a sent file's queued URL keeps serving its bytes after Linq accepted it and its copy is gone", async () => {
    const { value, core } = await start({ keychain: 'unavailable' })
    await value('startDemo')
    await expect.poll(async () => (await value('listChats')).chats.length).toBeGreaterThan(0)
    const chatId = (await value('listChats')).chats[0]!.id
    const bytes = simplePdf('sent')
    const staged = await value('stageFileBytes', {
      name: 'sent.pdf',
      mimeType: 'application/pdf',
      bytes: new Uint8Array(bytes),
    })
    if (!staged.ok) throw new Error(staged.error)
    const queued = await value('sendMessage', { chatId, text: 'a file', attachmentIds: [staged.file.id] })
    // The renderer may still load this URL after the accepted message (with Linq's attachment) is out.
    const queuedPath = queued.attachments[0]!.src.slice('/media/'.length)
    expect(queuedPath).toMatch(/^outbox\//)
    await expect
      .poll(async () => {
        const { messages } = await value('listMessages', { chatId })
        return messages.find((m) => m.localId === queued.localId)?.status
      })
      .toMatch(/^(sent|delivered)$/)
    const served = await core.resolveMedia(queuedPath)
    expect(served && readFileSync(served.path)).toEqual(bytes)
  })

  it('a new demo starts clean: the open one stops writing before its folder is removed', async () => {
    const { value } = await start({ keychain: 'unavailable' })
    await value('startDemo')
    await expect.poll(async () => (await value('listChats')).chats.length).toBeGreaterThan(0)
    const chatId = (await value('listChats')).chats[0]!.id
    await value('setDraft', { chatId, text: 'old demo draft' })
    // The old demo's last cache flush used to land in the new demo's fresh folder.
    await value('startDemo')
    expect((await value('listChats')).drafts).toEqual({})
  })

  it('starts without a token, lists its chats, and signing out keeps or deletes local data as asked', async () => {
    const { value, core } = await start({ keychain: 'unavailable' })
    expect(await value('startDemo')).toMatchObject({ status: 'signed-in', workspace: { kind: 'demo' } })
    expect(core.demoSandbox()).not.toBeNull()
    await expect.poll(async () => (await value('listChats')).chats.length).toBeGreaterThan(0)
    const refused = await core.dispatch('listMessages', { chatId: 'not-a-chat' }, { trusted: true })
    expect(refused).toMatchObject({ ok: false, error: { kind: 'not-found' } })
    await value('signOut', { clearLocalData: true })
    expect(core.demoSandbox()).toBeNull()
    expect(existsSync(join(dataDir, 'workspaces', 'demo'))).toBe(false)
    const afterwards = await core.dispatch('listChats', {}, { trusted: true })
    expect(afterwards).toMatchObject({ ok: false, error: { kind: 'not-signed-in' } })
  })
})
