// Chooses between the welcome flow and the workspace by the session, and wires the bridge once: events into
// the stores, presence and the open chat out to main, then startApp.
import { useEffect, useRef } from 'react'
import { Notices } from './features/workspace/Notices'
import { UpdateBanner } from './features/workspace/UpdateBanner'
import { WelcomeScreen } from './features/welcome/WelcomeScreen'
import { Workspace } from './features/workspace/Workspace'
import { linq } from './linq'
import { startApp } from './state/actions/session'
import { connectBridgeEvents } from './state/bridge-events'
import { startConversations } from './state/conversations'
import { startOpenRequestWatcher } from './state/desktop'
import { startPhoneRegion } from './state/phone-region'
import { startActiveChatReporter, startPresenceReporter } from './state/presence'
import { useSessionStore } from './state/session'

export function App() {
  const status = useSessionStore((s) => s.session.status)
  const confirmed = useSessionStore((s) => s.confirmedWorkspace)
  // StrictMode runs effects twice in development; subscriptions undo themselves, startApp must run once.
  const started = useRef(false)

  useEffect(() => {
    const bridge = linq()
    // Subscribed before startApp asks anything, so no event between the answer and the subscription is lost.
    const stops = [
      connectBridgeEvents(bridge),
      startPresenceReporter(bridge),
      startActiveChatReporter(bridge),
      startOpenRequestWatcher(bridge),
      startPhoneRegion(bridge),
      startConversations(bridge),
    ]
    if (!started.current) {
      started.current = true
      void startApp()
    }
    return () => stops.forEach((stop) => stop())
  }, [])

  // A file dropped outside the thread must not make the window navigate to it.
  useEffect(() => {
    const refuse = (event: DragEvent) => {
      if (event.defaultPrevented) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none'
    }
    window.addEventListener('dragover', refuse)
    window.addEventListener('drop', refuse)
    return () => {
      window.removeEventListener('dragover', refuse)
      window.removeEventListener('drop', refuse)
    }
  }, [])

  let screen
  if (status === 'loading')
    screen = (
      <main className="splash" aria-busy="true">
        <p role="status">Opening Linq…</p>
      </main>
    )
  // After a token sign-in the welcome flow first shows the numbers it found (confirmedWorkspace).
  else if (status === 'signed-in' && confirmed === null) screen = <Workspace />
  else screen = <WelcomeScreen />

  return (
    <>
      <UpdateBanner />
      {screen}
      <Notices />
    </>
  )
}
