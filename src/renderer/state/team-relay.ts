// Team relay (issue 21): what the relay tells the window: its status (for Settings) and which chats have a
// customer typing right now. A typing entry ends at its expiry unless renewed, or when "stopped" arrives.
import { create } from 'zustand'
import type { ChatTyping, TeamRelayStatus } from '../../shared/domain'

/** Never trust a clock from elsewhere to keep "typing…" up longer than this. */
const LONGEST_TYPING_MS = 30_000

export interface TeamRelayStoreState {
  status: TeamRelayStatus | null
  /** chatId → when its "typing…" goes away (epoch ms). */
  typing: Record<string, number>
  setStatus(status: TeamRelayStatus): void
  applyTyping(event: ChatTyping, now?: number): void
  clear(): void
}

const timers = new Map<string, ReturnType<typeof setTimeout>>()

export const useTeamRelayStore = create<TeamRelayStoreState>()((set, get) => {
  const stop = (chatId: string) => {
    clearTimeout(timers.get(chatId))
    timers.delete(chatId)
    if (!(chatId in get().typing)) return
    const { [chatId]: _gone, ...rest } = get().typing
    set({ typing: rest })
  }
  return {
    status: null,
    typing: {},
    setStatus: (status) => set({ status }),
    applyTyping({ chatId, typing, expiresAt }, now = Date.now()) {
      const ms = Math.min(LONGEST_TYPING_MS, expiresAt - now)
      if (!typing || !(ms > 0)) return stop(chatId)
      clearTimeout(timers.get(chatId))
      timers.set(
        chatId,
        setTimeout(() => stop(chatId), ms),
      )
      set({ typing: { ...get().typing, [chatId]: now + ms } })
    },
    clear() {
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
      set({ status: null, typing: {} })
    },
  }
})

export const useIsTyping = (chatId: string) => useTeamRelayStore((s) => chatId in s.typing)
