// The preload's names-only list against the contract it stands in for (the compiler checks membership; this
// checks the order and the preload's own channels too).
import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNEL_NAMES, ipcChannel, preloadIpcChannel } from '../../../../src/shared/channel-names'
import { invokeContract, preloadContract, PRELOAD_CHANNEL_NAMES } from '../../../../src/shared/contract'

describe('the names-only channel list', () => {
  it('names every invoke channel of the contract, in its order, and nothing else', () => {
    expect([...INVOKE_CHANNEL_NAMES]).toEqual(Object.keys(invokeContract))
  })

  it('builds the same channel strings main listens on', () => {
    expect(ipcChannel('listChats')).toBe('linq:listChats')
    expect(PRELOAD_CHANNEL_NAMES).toEqual(Object.keys(preloadContract))
    expect(PRELOAD_CHANNEL_NAMES.map(preloadIpcChannel)).toEqual(['linq-preload:stageDroppedFile'])
  })
})
