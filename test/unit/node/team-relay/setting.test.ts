// The "team relay" setting through IPC, on real parts: the app core, the sandbox → relay → nats-server chain,
// real files and (where scripts/with-keyring.sh runs one) a real Secret Service for the relay's password.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createKeytarVault } from '../../../../src/main/services/vault/keytar-vault'
import { startNatsServer } from '../../../support/nats-server'
import { aChatId } from '../relay/helpers'
import { describeWhen, keyringReady, NO_KEYRING_REASON } from '../vault/support'
import { perTest, relaySetting, waitForRelayState } from './desktops'

const t = perTest()

describe('the team relay setting', () => {
  it('is off with a stable device id, checks its input, and explains a failed test', async () => {
    const chain = await t.chain()
    const d = await t.desktop(chain)
    const off = await d.status()
    expect(off).toMatchObject({ state: 'off', deviceId: expect.stringMatching(/^d[0-9a-f]{12}$/) })

    expect(await d.test.value('testTeamRelay', relaySetting(chain))).toEqual({ ok: true })
    expect(await d.test.value('testTeamRelay', relaySetting(chain, { relayWorkspace: 'globex' }))).toEqual({
      ok: false,
      reason: expect.stringMatching(/no stream LINQ_globex.*--workspace globex/),
    })
    await chain.nats.stop()
    expect(await d.test.value('testTeamRelay', relaySetting(chain))).toEqual({
      ok: false,
      reason: 'Could not reach the NATS server at that address.',
    })
    await chain.nats.start()

    const bad = await d.test.call('setTeamRelay', relaySetting(chain, { url: 'http://relay.example.com' }))
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation', message: /nats:\/\/host:4222/ } })
    const badName = await d.test.call('setTeamRelay', relaySetting(chain, { relayWorkspace: 'Acme Corp' }))
    expect(badName).toMatchObject({ ok: false, error: { kind: 'validation' } })
    // Without a keychain a password has nowhere safe to go: refused, nothing saved.
    const password = { kind: 'password', user: 'acme-laptop-1', password: 'sample-acme-laptop-1-pass' }
    const refused = await d.test.call('setTeamRelay', { ...relaySetting(chain), credentials: password })
    expect(refused).toMatchObject({ ok: false, error: { kind: 'keychain' } })
    expect(await d.status()).toEqual(off)

    // The id is kept: a restart is the same device, so it resumes from the same durable consumer.
    await d.close()
    const again = await t.desktop(chain, { dataDir: d.dataDir })
    expect(await again.status()).toEqual(off)
  })

  it('turns events into targeted syncs, and polls slowly only while the relay is connected', async () => {
    const c = await t.chain()
    const d = await t.desktop(c, {
      intervals: { listFocusedMs: 150, activeFocusedMs: 150, relayHealthyMs: 10 * 60_000 },
    })
    const requests = () => Object.values(c.sandbox.state.requestCounts).reduce((a, b) => a + b, 0)
    const listRounds = () => c.sandbox.state.requestCounts.listPhoneNumbers ?? 0
    const connecting = await d.test.value('setTeamRelay', relaySetting(c))
    expect(connecting).toMatchObject({
      state: 'connecting',
      setting: { relayWorkspace: 'acme', auth: 'none' },
    })
    await waitForRelayState(d, 'connected')
    // The first sync round (sign-in's) is over before the quiet is measured.
    await d.test.value('syncNow')

    // Connected: no polling (at 150 ms it would be several rounds a second), one pull per event.
    const before = requests()
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(requests()).toBe(before)
    const chatId = aChatId(c)
    const message = c.sandbox.simulate.inboundMessage(chatId, { text: 'Is the blue one in stock?' })
    await expect
      .poll(async () => (await d.test.value('listMessages', { chatId: String(chatId) })).messages.at(-1)?.id)
      .toBe(String(message.id))
    await expect.poll(() => d.applied().length).toBe(1)
    expect(requests() - before).toBe(1)
    expect(c.sandbox.state.requestCounts.listChatMessages).toBeGreaterThan(0)

    // The relay is lost: polling returns at its usual pace; back, and it slows again.
    const roundsBefore = listRounds()
    await c.nats.stop()
    await waitForRelayState(d, 'error')
    expect((await d.status()) as { detail: string }).toMatchObject({ detail: expect.any(String) })
    await expect.poll(() => listRounds() - roundsBefore, { timeout: 5000 }).toBeGreaterThanOrEqual(3)
    await c.nats.start()
    await waitForRelayState(d, 'connected', 15_000)
    await d.test.value('syncNow')
    const settled = requests()
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(requests()).toBe(settled)

    // Cleared: off, and polling as usual.
    expect(await d.test.value('clearTeamRelay')).toMatchObject({ state: 'off' })
    const rounds = listRounds()
    await expect.poll(() => listRounds() - rounds, { timeout: 5000 }).toBeGreaterThanOrEqual(2)
  })

  it('shows a customer’s typing and the read receipt of the app’s message', async () => {
    const c = await t.chain()
    const d = await t.desktop(c)
    const typing: unknown[] = []
    d.test.core.events.subscribe((event, payload) => event === 'chatTyping' && typing.push(payload))
    await d.test.value('setTeamRelay', relaySetting(c))
    await waitForRelayState(d, 'connected')
    // The first round has listed the chats (connecting can be quicker): the chat is there to write to.
    await d.test.value('syncNow')
    const chatId = String(aChatId(c))
    const sent = await d.test.value('sendMessage', { chatId, text: 'Your order is ready', attachmentIds: [] })
    await expect
      .poll(async () => (await d.test.value('listMessages', { chatId })).messages.at(-1)?.status)
      .toBe('sent')
    c.sandbox.simulate.customerTyping(Number(chatId), { durationMs: 0 })
    await expect.poll(() => typing.length).toBe(2)
    expect(typing[0]).toMatchObject({ chatId, typing: true, expiresAt: expect.any(Number) })
    expect(typing[1]).toMatchObject({ chatId, typing: false })
    // pending → delivered, then delivered → read: Linq's message.read, and the pull that follows it.
    c.sandbox.simulate.advanceDeliveries()
    c.sandbox.simulate.advanceDeliveries()
    await expect
      .poll(async () => {
        const messages = (await d.test.value('listMessages', { chatId })).messages
        return messages.find((m) => m.localId === sent.localId)?.status
      })
      .toBe('read')
  })
})

describeWhen(keyringReady, NO_KEYRING_REASON, 'the team relay password', () => {
  it('lives in the keychain only, signs in as the documented device user, and is forgotten when cleared', async () => {
    const accounts = readFileSync(join(import.meta.dirname, '../../../../docs/relay/accounts.conf'), 'utf8')
    const nats = await startNatsServer({
      files: { 'accounts.conf': accounts },
      config: 'include ./accounts.conf',
    })
    const service = `linq-desktop-test-relay-${process.pid}`
    try {
      const chain = await t.chain({
        nats,
        credentials: { user: 'relay-acme', pass: 'sample-relay-acme-pass' },
      })
      const d = await t.desktop(chain, { keychain: { service } })
      const password = 'sample-acme-laptop-1-pass'
      const input = {
        ...relaySetting(chain),
        deviceId: 'laptop-1',
        credentials: { kind: 'password' as const, user: 'acme-laptop-1', password },
      }
      const wrong = { ...input, credentials: { ...input.credentials, password: 'not-it-at-all' } }
      expect(await d.test.value('testTeamRelay', wrong)).toEqual({
        ok: false,
        reason: 'The NATS server refused this user, password or credentials file.',
      })
      expect(await d.test.value('testTeamRelay', { ...input, deviceId: 'laptop-2' })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/may not read the consumer device-laptop-2/),
      })
      const status = await d.test.value('setTeamRelay', input)
      expect(JSON.stringify(status)).not.toContain(password)
      await waitForRelayState(d, 'connected')
      const vault = createKeytarVault({ service: `${service}-relay` })
      expect(await vault.get(d.workspaceId)).toContain(password)
      expect(readFileSync(join(d.dataDir, 'app.json'), 'utf8')).not.toContain(password)

      await d.close()
      const again = await t.desktop(chain, { keychain: { service }, dataDir: d.dataDir })
      await waitForRelayState(again, 'connected')
      expect(await again.status()).toMatchObject({ setting: { deviceId: 'laptop-1', user: 'acme-laptop-1' } })
      chain.sandbox.simulate.inboundMessage(aChatId(chain))
      await expect.poll(() => again.applied().length).toBe(1)

      expect(await again.test.value('clearTeamRelay')).toMatchObject({ state: 'off' })
      expect(await vault.get(d.workspaceId)).toBeNull()
      for (const line of [...d.logLines, ...again.logLines]) expect(line).not.toContain(password)
    } finally {
      await t.teardown()
      await nats.dispose()
    }
  })
})
