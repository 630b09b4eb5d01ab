// Who is signed in. 'loading' until getSession answers at startup.
import { create } from 'zustand'
import type { AppInfo, SessionState, Workspace } from '../../shared/domain'

export type SessionView = { status: 'loading' } | SessionState

export interface SessionStoreState {
  session: SessionView
  appInfo: AppInfo | null
  /** Set after a token sign-in, so the welcome flow can show the numbers it found before the chats open. */
  confirmedWorkspace: Workspace | null
  setSession(session: SessionView): void
  setAppInfo(info: AppInfo): void
  setConfirmedWorkspace(workspace: Workspace | null): void
}

export const useSessionStore = create<SessionStoreState>()((set) => ({
  session: { status: 'loading' },
  appInfo: null,
  confirmedWorkspace: null,
  setSession: (session) => set({ session }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setConfirmedWorkspace: (confirmedWorkspace) => set({ confirmedWorkspace }),
}))

export function signedInWorkspace(session: SessionView): Workspace | null {
  return session.status === 'signed-in' ? session.workspace : null
}
