// Signing in and out, and which workspace the stores hold: a different workspace (or none) starts them over.
import { FIRST_SCREEN_CHATS } from '../../../shared/chat-order'
import { SIGNED_OUT_SYNC, type SessionState } from '../../../shared/domain'
import { errorText, linq } from '../../linq'
import { afterPaint } from '../../ui/after-paint'
import { useChatsStore } from '../chats'
import { dropPendingDrafts, flushDrafts, useDraftsStore } from '../drafts'
import { useMessagesStore } from '../messages'
import { loadPhoneRegion } from '../phone-region'
import { useSessionStore, type SessionView } from '../session'
import { useStagedStore } from '../staged'
import { useSyncStore } from '../sync'
import { useTeamRelayStore } from '../team-relay'
import { useSearchStore } from '../search'
import { useUiStore } from '../ui'
import { callOrNotify, ignore } from './call'

function resetWorkspaceState(): void {
  useChatsStore.getState().clear()
  useMessagesStore.getState().clear()
  useDraftsStore.getState().clear()
  useStagedStore.getState().clear()
  useTeamRelayStore.getState().clear()
  useUiStore.getState().reset()
  useSearchStore.getState().reset()
}

export function workspaceIdOf(session: SessionView): string | null {
  return session.status === 'signed-in' ? session.workspace.id : null
}

/** The signed-in workspace now: an answer that comes back for another one is stale. */
export function currentWorkspaceId(): string | null {
  return workspaceIdOf(useSessionStore.getState().session)
}

/** Startup: app info, the session, and with a session the cached chats at once. */
export async function startApp(): Promise<void> {
  linq()
    .getAppInfo()
    .then((info) => useSessionStore.getState().setAppInfo(info))
    .catch(ignore)
  linq()
    .getUpdateStatus()
    .then((status) => useUiStore.getState().setUpdate(status))
    .catch(ignore)
  // The phone metadata loads alongside, so no screen shows numbers before they can be formatted.
  const [session] = await Promise.all([
    callOrNotify(() => linq().getSession(), 'Could not read the saved sign-in.'),
    loadPhoneRegion().catch(ignore),
  ])
  if (session) applySession(session)
  else useSessionStore.getState().setSession({ status: 'signed-out' })
}

/** Applies a session from a call or the sessionChanged event; a different workspace reloads everything. */
export function applySession(session: SessionState): void {
  const before = useSessionStore.getState().session
  const changedWorkspace = workspaceIdOf(before) !== workspaceIdOf(session)
  if (changedWorkspace) {
    dropPendingDrafts()
    resetWorkspaceState()
  }
  useSessionStore.getState().setSession(session)
  if (session.status === 'signed-out') {
    useSessionStore.getState().setConfirmedWorkspace(null)
    useSyncStore.getState().setStatus(SIGNED_OUT_SYNC)
  } else if (changedWorkspace) {
    void loadWorkspace()
  }
}

/**
 * The chat list in two steps: the first screenful (the newest chats, shared/chat-order.ts) paints first,
 * then every chat, asked for once that frame is on screen. Main answers calls and sends events in order,
 * so the full list is at least as new as every event heard before it, and replaces the first screenful.
 */
export async function loadWorkspace(): Promise<void> {
  const workspaceId = currentWorkspaceId()
  linq()
    .getSyncStatus()
    .then((status) => useSyncStore.getState().setStatus(status))
    .catch(ignore)
  const first = await callOrNotify(
    () => linq().listChats({ limit: FIRST_SCREEN_CHATS }),
    'Could not load your chats.',
  )
  // A sign-out or workspace switch while this was in flight makes the answer stale.
  if (!first || currentWorkspaceId() !== workspaceId) return
  const complete = first.chats.length >= first.total
  useChatsStore.getState().setMuted(first.mutedChatIds)
  useChatsStore.getState().replaceAll(first.chats, first.unreadTotal, complete)
  useDraftsStore.getState().replaceAll(first.drafts)
  if (complete) return
  await afterPaint()
  if (currentWorkspaceId() !== workspaceId) return
  const all = await callOrNotify(() => linq().listChats(), 'Could not load all your chats.')
  if (!all || currentWorkspaceId() !== workspaceId) return
  useChatsStore.getState().replaceAll(all.chats, all.unreadTotal, true)
}

/** Signs out (keeping or deleting this computer's data); the problem in words when main refused. */
export async function signOut(clearLocalData: boolean): Promise<string | null> {
  if (clearLocalData) dropPendingDrafts()
  else await flushDrafts()
  try {
    await linq().signOut({ clearLocalData })
    applySession({ status: 'signed-out' })
    return null
  } catch (error) {
    return errorText(error, 'Could not sign out.')
  }
}
