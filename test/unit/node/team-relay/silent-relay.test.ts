// A relay process that stops while NATS keeps answering: the desktop (a real app core) notices the missing
// heartbeats, says so, and polls as usual until the relay is heard again.
import { expect, it } from 'vitest'
import { until } from '../../../support/core'
import { withSecondRelay } from '../relay/helpers'
import { perTest, relaySetting, waitForRelayState } from './desktops'

const t = perTest()

it('polls as usual while the relay is silent, and slows down again once it is heard', async () => {
  const c = await t.chain({ heartbeatMs: 100 })
  const d = await t.desktop(c, {
    intervals: { listFocusedMs: 150, activeFocusedMs: 150, relayHealthyMs: 10 * 60_000 },
    relayConsumer: { ackWaitMs: 2000, stopTimeoutMs: 2000, silentAfterMs: 800 },
  })
  const listRounds = () => c.sandbox.state.requestCounts.listPhoneNumbers ?? 0
  await d.test.value('setTeamRelay', relaySetting(c))
  await waitForRelayState(d, 'connected')
  await new Promise((resolve) => setTimeout(resolve, 300))
  const quiet = listRounds()
  // Heard (heartbeats only): connected past the silence period, and not polling.
  await new Promise((resolve) => setTimeout(resolve, 1200))
  expect((await d.status()).state).toBe('connected')
  expect(listRounds()).toBe(quiet)

  await c.relay.close()
  await waitForRelayState(d, 'error')
  expect(await d.status()).toMatchObject({ detail: expect.stringMatching(/relay has sent nothing/) })
  await until(() => listRounds() > quiet + 2)

  await withSecondRelay(c, 100, () => waitForRelayState(d, 'connected'))
}, 30_000)
