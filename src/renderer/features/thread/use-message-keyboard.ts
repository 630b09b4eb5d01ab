// Up/Down move focus between messages (from the list itself, or from a focused message); the focused
// message then takes its own keys (r, e, Delete, menu key; see MessageBubble).
import { useCallback, type KeyboardEvent, type RefObject } from 'react'
import { DEFAULT_ROW_HEIGHT } from './use-thread-virtualizer'

const MESSAGE = '[data-testid="message"]'

/** The list's keydown handler. */
export function useMessageKeyboard(
  scroller: RefObject<HTMLDivElement | null>,
): (event: KeyboardEvent<HTMLElement>) => void {
  return useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
      const root = scroller.current
      const target = event.target as HTMLElement
      const onMessage = target.dataset.testid === 'message'
      if (!root || (!onMessage && target !== root)) return
      const next = onMessage ? nextFromMessage(root, target, event.key) : firstOnScreen(root, event.key)
      if (!next) return
      event.preventDefault()
      next.focus({ preventScroll: true })
      next.scrollIntoView?.({ block: 'nearest' })
    },
    [scroller],
  )
}

/** The message above or below the focused one. */
function nextFromMessage(root: HTMLElement, current: HTMLElement, key: string): HTMLElement | undefined {
  const messages = [...root.querySelectorAll<HTMLElement>(MESSAGE)]
  const index = messages.indexOf(current)
  const next = messages[key === 'ArrowUp' ? index - 1 : index + 1]
  // Past the first rendered row: scroll a little so the list renders (or loads) more above.
  if (!next && key === 'ArrowUp') root.scrollBy({ top: -DEFAULT_ROW_HEIGHT })
  return next
}

/** From the list itself: the newest message on screen (Up) or the oldest (Down). */
function firstOnScreen(root: HTMLElement, key: string): HTMLElement | undefined {
  const messages = [...root.querySelectorAll<HTMLElement>(MESSAGE)]
  const view = root.getBoundingClientRect()
  const visible = messages.filter((m) => {
    const r = m.getBoundingClientRect()
    return r.bottom > view.top && r.top < view.bottom
  })
  return key === 'ArrowUp' ? (visible[visible.length - 1] ?? messages[messages.length - 1]) : visible[0]
}
