// Settings' door (Ctrl/Cmd+, the sidebar's button, the menu, Sign out…): the panel (SettingsPanel.tsx) is
// fetched the first time it opens, since the first screen never needs it.
import { lazy, Suspense } from 'react'
import { signedInWorkspace, useSessionStore } from '../../state/session'
import { useUiStore } from '../../state/ui'
import { DialogLoading } from '../../ui/Loading'

const SettingsPanel = lazy(() => import('./SettingsPanel').then((m) => ({ default: m.SettingsPanel })))

export function SettingsDialog() {
  const open = useUiStore((s) => s.settingsOpen)
  const signOutAsked = useUiStore((s) => s.signOutAsked)
  const session = useSessionStore((s) => s.session)
  const workspace = signedInWorkspace(session)
  if (!open || !workspace || session.status !== 'signed-in') return null
  return (
    <Suspense fallback={<DialogLoading label="Opening settings…" />}>
      <SettingsPanel
        key={signOutAsked ? 'sign-out' : 'settings'}
        startAtSignOut={signOutAsked}
        workspace={workspace}
        tokenStorage={session.tokenStorage}
        onClose={() => useUiStore.getState().setSettingsOpen(false)}
      />
    </Suspense>
  )
}
