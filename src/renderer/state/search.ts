// Search (issue 18) on screen: the all-chats search dialog, the find bar of the open chat, and the message a
// search opened the thread at (highlighted, and scrolled to once its row is loaded).
import { create } from 'zustand'

export interface JumpTarget {
  chatId: string
  messageId: string
  /** Bumped on every jump, so choosing the same hit again scrolls to it again. */
  seq: number
}

export interface SearchState {
  /** The all-chats search dialog, with the text it opened with. */
  dialog: { query: string } | null
  /** The find bar is open in the open chat. */
  findOpen: boolean
  jump: JumpTarget | null
  openDialog(query?: string): void
  closeDialog(): void
  setFindOpen(open: boolean): void
  jumpTo(chatId: string, messageId: string): void
  clearJump(): void
  /** Another workspace (or none): nothing of the last one's searches stays. */
  reset(): void
}

export const useSearchStore = create<SearchState>()((set) => ({
  dialog: null,
  findOpen: false,
  jump: null,
  openDialog: (query = '') => set({ dialog: { query } }),
  closeDialog: () => set({ dialog: null }),
  setFindOpen: (findOpen) => set({ findOpen }),
  jumpTo: (chatId, messageId) => set((s) => ({ jump: { chatId, messageId, seq: (s.jump?.seq ?? 0) + 1 } })),
  clearJump: () => set({ jump: null }),
  reset: () => set({ dialog: null, findOpen: false, jump: null }),
}))
