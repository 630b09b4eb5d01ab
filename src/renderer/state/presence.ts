// Tells main whether the window is focused and visible (sync polls faster and notifications stay quiet
// while the user is looking) and which chat is on screen. Reports only changes.
import type { LinqBridge } from '../../shared/contract'
import { markReadIfLooking } from './actions/thread'
import { flushDrafts } from './drafts'
import { useUiStore } from './ui'

export function startPresenceReporter(bridge: LinqBridge): () => void {
  let last = ''
  const report = () => {
    const presence = { focused: document.hasFocus(), visible: document.visibilityState === 'visible' }
    const key = `${presence.focused}/${presence.visible}`
    if (key === last) return
    last = key
    bridge.reportPresence(presence).catch(() => undefined)
  }
  // Coming back to a chat that got messages while the window was in the background reads them.
  const onFocus = () => {
    report()
    const active = useUiStore.getState().activeChatId
    if (active !== null) markReadIfLooking(active)
  }
  // Leaving the window is also the moment to save a half-typed draft.
  const onHide = () => {
    report()
    if (document.visibilityState === 'hidden') void flushDrafts()
  }
  const onPageHide = () => void flushDrafts()
  window.addEventListener('focus', onFocus)
  window.addEventListener('blur', report)
  document.addEventListener('visibilitychange', onHide)
  window.addEventListener('pagehide', onPageHide)
  report()
  return () => {
    window.removeEventListener('focus', onFocus)
    window.removeEventListener('blur', report)
    document.removeEventListener('visibilitychange', onHide)
    window.removeEventListener('pagehide', onPageHide)
  }
}

/** Reports the open chat to main whenever it changes, however it changed. */
export function startActiveChatReporter(bridge: LinqBridge): () => void {
  let reported = useUiStore.getState().activeChatId
  if (reported !== null) bridge.setActiveChat({ chatId: reported }).catch(() => undefined)
  return useUiStore.subscribe((state) => {
    if (state.activeChatId === reported) return
    reported = state.activeChatId
    bridge.setActiveChat({ chatId: reported }).catch(() => undefined)
  })
}
