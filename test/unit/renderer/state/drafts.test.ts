import { waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useChatsStore } from '../../../../src/renderer/state/chats'
import { DRAFT_SAVE_MS, flushDrafts, useDraftsStore } from '../../../../src/renderer/state/drafts'
import { makeChat } from '../fake-linq'
import { startSignedIn } from '../harness'

let disconnect: () => void = () => undefined
afterEach(() => disconnect())

describe('drafts', () => {
  it('debounces draft saves per chat and flushes them on demand', async () => {
    const started = await startSignedIn({ chats: [makeChat({ id: 'c1' }), makeChat({ id: 'c2' })] })
    disconnect = started.disconnect
    const drafts = useDraftsStore.getState()
    drafts.setDraft('c1', 'h')
    drafts.setDraft('c1', 'he')
    drafts.setDraft('c1', 'hello')
    drafts.setDraft('c2', 'other')
    expect(started.fake.callsOf('setDraft')).toEqual([])
    await flushDrafts('c2')
    expect(started.fake.callsOf('setDraft')).toEqual([{ chatId: 'c2', text: 'other' }])
    await waitFor(() => expect(started.fake.drafts.c1).toBe('hello'), { timeout: DRAFT_SAVE_MS * 4 })
    // Three keystrokes, one save.
    expect(
      started.fake.callsOf('setDraft').filter((c) => (c as { chatId: string }).chatId === 'c1'),
    ).toHaveLength(1)
    expect(useChatsStore.getState().loaded).toBe(true)
  })
})
