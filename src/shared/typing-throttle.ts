// Conversations: when to tell Linq the user is typing. A start goes out at the first keystroke in a chat, and
// again only while typing goes on past the refresh interval (Linq's indicator ends by itself after 60 s);
// never two starts in one chat within `minStartGapMs`. A stop goes out after `idleMs` without a keystroke,
// when the field is cleared, when the message is sent and when the user switches chats; only a chat that
// was started is stopped. Pure: the clock and timers are given, so tests drive it step by step.

export interface TypingThrottleOptions {
  send(chatId: string, typing: boolean): void
  now(): number
  setTimer(callback: () => void, ms: number): unknown
  clearTimer(timer: unknown): void
  /** No keystroke for this long: stop (default 5 s). */
  idleMs?: number
  /** At least this long between two starts in one chat (default 4 s). */
  minStartGapMs?: number
  /** Still typing after this long: start again so the indicator stays (default 45 s). */
  refreshMs?: number
}

interface ChatTyping {
  typing: boolean
  lastStartAt: number
  idle: unknown
}

export function createTypingThrottle(options: TypingThrottleOptions) {
  const idleMs = options.idleMs ?? 5_000
  const minGap = options.minStartGapMs ?? 4_000
  const refreshMs = Math.max(options.refreshMs ?? 45_000, minGap)
  const chats = new Map<string, ChatTyping>()

  const stop = (chatId: string) => {
    const state = chats.get(chatId)
    if (!state) return
    if (state.idle !== null) options.clearTimer(state.idle)
    state.idle = null
    if (state.typing) {
      state.typing = false
      options.send(chatId, false)
    }
  }

  return {
    /** The composer of `chatId` now holds `text` (after a keystroke, paste or cut). */
    input(chatId: string, text: string): void {
      if (text.trim() === '') return stop(chatId)
      const state = chats.get(chatId) ?? { typing: false, lastStartAt: -Infinity, idle: null }
      chats.set(chatId, state)
      const now = options.now()
      const sinceStart = now - state.lastStartAt
      if ((!state.typing && sinceStart >= minGap) || (state.typing && sinceStart >= refreshMs)) {
        state.typing = true
        state.lastStartAt = now
        options.send(chatId, true)
      }
      if (state.idle !== null) options.clearTimer(state.idle)
      state.idle = options.setTimer(() => {
        state.idle = null
        stop(chatId)
      }, idleMs)
    },
    /** Sent, cleared, or the chat was left. */
    stop,
    /** Stops every chat (the window closes, the workspace changes). */
    stopAll(): void {
      for (const chatId of chats.keys()) stop(chatId)
      chats.clear()
    },
  }
}
