// Per-chat drafts. The store changes on every keystroke; main (which keeps drafts across restarts) hears
// about it at most every DRAFT_SAVE_MS per chat, and at once when the user switches chats or leaves.
import { create } from 'zustand'
import { LIMITS } from '../../shared/domain'
import { linq } from '../linq'

export const DRAFT_SAVE_MS = 400
/** The contract's ceiling for a stored draft; text beyond it stays on screen but is not persisted. */
const MAX_STORED_DRAFT = LIMITS.maxTextLength * 2

export interface DraftsState {
  drafts: Record<string, string>
  replaceAll(drafts: Record<string, string>): void
  setDraft(chatId: string, text: string): void
  clear(): void
}

const pending = new Map<string, ReturnType<typeof setTimeout>>()

function persist(chatId: string): Promise<void> {
  const timer = pending.get(chatId)
  if (timer !== undefined) clearTimeout(timer)
  pending.delete(chatId)
  const text = (useDraftsStore.getState().drafts[chatId] ?? '').slice(0, MAX_STORED_DRAFT)
  // A draft that could not be saved is still on screen and is retried on the next keystroke; there is
  // nothing the user could do about it now, so it is not worth a notice.
  return linq()
    .setDraft({ chatId, text })
    .catch(() => undefined)
}

/** Saves drafts that are waiting for their debounce now (chat switch, window hidden, sign-out). */
export async function flushDrafts(chatId?: string): Promise<void> {
  const ids = [...pending.keys()].filter((id) => chatId === undefined || id === chatId)
  await Promise.all(ids.map(persist))
}

/** Forgets unsaved edits without sending them (after sign-out, when main has no session for them). */
export function dropPendingDrafts(): void {
  for (const timer of pending.values()) clearTimeout(timer)
  pending.clear()
}

export const useDraftsStore = create<DraftsState>()((set, get) => ({
  drafts: {},
  replaceAll: (drafts) => set({ drafts: { ...drafts } }),
  setDraft(chatId, text) {
    if ((get().drafts[chatId] ?? '') === text) return
    set((s) => {
      const drafts = { ...s.drafts }
      if (text) drafts[chatId] = text
      else delete drafts[chatId]
      return { drafts }
    })
    const timer = pending.get(chatId)
    if (timer !== undefined) clearTimeout(timer)
    pending.set(
      chatId,
      setTimeout(() => void persist(chatId), DRAFT_SAVE_MS),
    )
  },
  clear: () => set({ drafts: {} }),
}))
