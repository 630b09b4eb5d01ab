import { beforeEach, describe, expect, it } from 'vitest'
import { callOrNotify } from '../../../../../src/renderer/state/actions/call'
import { useUiStore } from '../../../../../src/renderer/state/ui'
import type { IpcError } from '../../../../../src/shared/errors'

const refused: IpcError = { kind: 'network', message: 'Linq is not reachable right now.', retryable: true }
const errors = () => useUiStore.getState().notices.map((n) => [n.level, n.message])

beforeEach(() => useUiStore.setState({ notices: [] }))

describe('callOrNotify', () => {
  it('resolves to what main answered, and says nothing', async () => {
    expect(await callOrNotify(() => Promise.resolve(42), 'Could not count.')).toBe(42)
    expect(errors()).toEqual([])
  })

  it("says main's words when it refused, else the fallback, and resolves to undefined", async () => {
    expect(await callOrNotify(() => Promise.reject(refused), 'Could not count.')).toBeUndefined()
    expect(await callOrNotify(() => Promise.reject(new Error('a bug')), 'Could not count.')).toBeUndefined()
    expect(errors()).toEqual([
      ['error', 'Linq is not reachable right now.'],
      ['error', 'Could not count.'],
    ])
  })

  it('puts back what the action showed early, then leads with what did not happen', async () => {
    const order: string[] = []
    const failure = {
      lead: 'Your edit was not saved.',
      undo: () => order.push(`undo, ${errors().length} notices`),
    }
    expect(await callOrNotify(() => Promise.reject(refused), failure)).toBeUndefined()
    expect(order).toEqual(['undo, 0 notices'])
    expect(errors()).toEqual([['error', 'Your edit was not saved. Linq is not reachable right now.']])
    await callOrNotify(() => Promise.resolve('saved'), failure)
    expect(order).toHaveLength(1)
  })
})
