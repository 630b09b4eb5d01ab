// What the app hears of the machine's sleep: one wake per sleep, through the power adapter's Node twin.
import { expect, it } from 'vitest'
import { createLogger } from '../../../../src/main/services/log'
import { createPowerSignals, onWake, WAKE_COALESCE_MS } from '../../../../src/main/services/power'

it('wakes once per sleep: an unlock right after a resume is the same wake, a later one is a new one', () => {
  const power = createPowerSignals()
  let clock = 1_000_000
  let wakes = 0
  const stop = onWake(power, () => wakes++, {
    logger: createLogger({ console: false, sink: () => undefined }),
    now: () => clock,
  })
  power.emit('suspend')
  expect(wakes).toBe(0)
  power.emit('resume')
  expect(wakes).toBe(1)
  clock += 2_000
  power.emit('unlock-screen')
  expect(wakes).toBe(1)
  // A system that reports only the unlock: that is the wake.
  clock += WAKE_COALESCE_MS
  power.emit('unlock-screen')
  expect(wakes).toBe(2)
  power.emit('resume')
  expect(wakes).toBe(3)
  stop()
  power.emit('resume')
  expect(wakes).toBe(3)
})
