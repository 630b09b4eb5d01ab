// The availability queue in isolation (the sandbox's own 1-per-10-s limit and 429 are tested against the
// OpenAPI file in sandbox/conversations.test.ts): one check at a time spaced by the interval, a 429 waits
// and tries again, a failure answers 'unknown' and the number is checked again when the connection returns.
import { describe, expect, it } from 'vitest'
import { createAvailability } from '../../../../src/main/services/conversations/availability'
import { LinqApiError, type LinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import type { Reachability } from '../../../../src/shared/domain'

const logger = createLogger({ console: false, sink: () => undefined })
const INTERVAL_MS = 20

/** A client whose answers are scripted per call: a boolean is the answer, an Error is thrown. */
function scripted(...answers: (boolean | Error)[]) {
  const calls: { phone: string; at: number }[] = []
  const client: Pick<LinqClient, 'checkIMessageAvailability'> = {
    checkIMessageAvailability(phone: string) {
      calls.push({ phone, at: performance.now() })
      const next = answers.shift()
      if (next === undefined) throw new Error('no scripted answer left')
      if (next instanceof Error) return Promise.reject(next)
      return Promise.resolve({ available: next, phoneNumber: phone })
    },
  }
  return { calls, client }
}

function open(script: ReturnType<typeof scripted>) {
  const heard: Record<string, Reachability>[] = []
  const availability = createAvailability({
    client: script.client,
    logger,
    intervalMs: INTERVAL_MS,
    onChange: (results) => heard.push(results),
  })
  const settled = async (phone: string, value: Reachability) => {
    for (let i = 0; i < 200 && !heard.some((h) => h[phone] === value); i++)
      await new Promise((resolve) => setTimeout(resolve, 5))
    expect(heard.filter((h) => h[phone] === value)).not.toEqual([])
  }
  return { availability, heard, settled }
}

describe('availability', () => {
  it('checks one number at a time, spaced by the interval, and keeps each answer', async () => {
    const script = scripted(true, false)
    const { availability, settled } = open(script)
    expect(availability.check(['+14155550100', '+14155550101'])).toEqual({
      '+14155550100': 'checking',
      '+14155550101': 'checking',
    })
    await settled('+14155550100', 'iMessage')
    await settled('+14155550101', 'sms')
    expect(script.calls[1]!.at - script.calls[0]!.at).toBeGreaterThanOrEqual(INTERVAL_MS - 2)
    expect(availability.check(['+14155550100'])).toEqual({ '+14155550100': 'iMessage' })
    expect(script.calls).toHaveLength(2)
    availability.stop()
  })

  it("a 429 waits and asks again; a failure is 'unknown' until the connection returns", async () => {
    const operationId = 'checkIMessageAvailability'
    const limited = new LinqApiError({ kind: 'http', operationId, status: 429, message: 'Too many' })
    const offline = new LinqApiError({ kind: 'network', operationId, message: 'fetch failed' })
    const script = scripted(limited, offline, false)
    const { availability, heard, settled } = open(script)
    availability.check(['+14155550103'])
    await settled('+14155550103', 'unknown')
    expect(script.calls.map((c) => c.phone)).toEqual(['+14155550103', '+14155550103'])
    heard.length = 0
    availability.recheckUnknown()
    expect(heard[0]).toEqual({ '+14155550103': 'checking' })
    await settled('+14155550103', 'sms')
    // Known now: the next reconnect has nothing to check.
    heard.length = 0
    availability.recheckUnknown()
    expect(heard).toEqual([])
    expect(script.calls).toHaveLength(3)
    availability.stop()
  })
})
