// Files waiting in a chat's tray above the composer, per chat (like drafts, the tray stays with its chat
// when the user switches). Each entry is one File the user gave us, whatever main said about it: a refused
// file stays visible with main's reason until the user removes it.
import { create } from 'zustand'
import type { StagedFile } from '../../shared/domain'

export type TrayItem =
  | { key: string; state: 'staging'; name: string; sizeBytes: number }
  | { key: string; state: 'ready'; name: string; sizeBytes: number; file: StagedFile }
  | { key: string; state: 'failed'; name: string; sizeBytes: number; error: string }

export interface StagedState {
  byChat: Record<string, TrayItem[]>
  add(chatId: string, items: TrayItem[]): void
  /** Replaces an entry (staging → ready/failed); false when the user removed it meanwhile. */
  settle(chatId: string, item: TrayItem): boolean
  remove(chatId: string, keys: string[]): void
  clear(): void
}

const NONE: TrayItem[] = []

export const useStagedStore = create<StagedState>()((set, get) => ({
  byChat: {},
  add: (chatId, items) =>
    set((s) => ({ byChat: { ...s.byChat, [chatId]: [...(s.byChat[chatId] ?? NONE), ...items] } })),
  settle(chatId, item) {
    const items = get().byChat[chatId] ?? NONE
    if (!items.some((i) => i.key === item.key)) return false
    set((s) => ({
      byChat: {
        ...s.byChat,
        [chatId]: (s.byChat[chatId] ?? NONE).map((i) => (i.key === item.key ? item : i)),
      },
    }))
    return true
  },
  remove: (chatId, keys) =>
    set((s) => {
      const items = (s.byChat[chatId] ?? NONE).filter((i) => !keys.includes(i.key))
      const byChat = { ...s.byChat }
      if (items.length > 0) byChat[chatId] = items
      else delete byChat[chatId]
      return { byChat }
    }),
  clear: () => set({ byChat: {} }),
}))

export function trayOf(state: StagedState, chatId: string): TrayItem[] {
  return state.byChat[chatId] ?? NONE
}

/** Ids main gave the files that are ready to send. */
export function readyIds(items: TrayItem[]): string[] {
  return items.flatMap((i) => (i.state === 'ready' ? [i.file.id] : []))
}
