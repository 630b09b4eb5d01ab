// What the desktop around the window asks of it: open a chat or start a new one (notification clicks,
// linq-desktop:// links, the tray), mute a chat's notifications, and a downloaded update.
import type { LinqBridge } from '../../shared/contract'
import type { OpenRequest } from '../../shared/domain'
import { phoneDigits } from '../../shared/phone'
import { errorText, linq } from '../linq'
import { otherParticipants } from '../ui/chat-text'
import { openChat } from './actions/thread'
import { useChatsStore } from './chats'
import { useDraftsStore } from './drafts'
import { useSessionStore } from './session'
import { useUiStore } from './ui'

/**
 * The chat of the open workspace with exactly these recipients (E.164), the most recently active if several
 * Linq numbers have one; null when there is none.
 */
export function chatWithRecipients(to: readonly string[]): string | null {
  if (to.length === 0) return null
  const wanted = new Set(to.map(phoneDigits))
  const { order, byId } = useChatsStore.getState()
  return (
    order.find((id) => {
      const others = otherParticipants(byId[id]!).map((p) => phoneDigits(p.handle))
      return others.length === wanted.size && others.every((handle) => wanted.has(handle))
    }) ?? null
  )
}

/**
 * A new chat with recipients and a text, never sent by itself. When the workspace already has that chat it
 * opens with the text in its composer (after anything already typed there, which is never lost). Otherwise
 * the request waits in the ui store (newChatRequest) for the new-chat screen.
 */
export function startNewChat(to: readonly string[], text: string): void {
  const existing = chatWithRecipients(to)
  if (existing === null) {
    // The new-chat screen (features/conversations) opens from the request, with or without recipients.
    useUiStore.getState().setNewChatRequest({ to: [...to], text })
    return
  }
  openChat(existing)
  if (text) {
    const drafts = useDraftsStore.getState()
    const typed = drafts.drafts[existing] ?? ''
    if (!typed.includes(text)) drafts.setDraft(existing, typed.trim() ? `${typed.trimEnd()}\n${text}` : text)
  }
  requestAnimationFrame(() =>
    document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]')?.focus(),
  )
}

export function handleOpenRequest(request: OpenRequest): void {
  if (useSessionStore.getState().session.status !== 'signed-in') return
  if (request.kind === 'chat') openChat(request.chatId)
  else startNewChat(request.to, request.text)
}

/**
 * Takes what main kept for the window (a link or notification that came before it listened) once every
 * chat is loaded (not only the first screenful: the chat asked for may be further down), and clears main's
 * copy of one the window heard as an event.
 */
export function startOpenRequestWatcher(bridge: LinqBridge): () => void {
  const take = () =>
    bridge
      .takeOpenRequest()
      .then((request) => request && handleOpenRequest(request))
      .catch(() => undefined)
  if (useChatsStore.getState().complete) void take()
  return useChatsStore.subscribe((state, before) => {
    if (state.complete && !before.complete) void take()
  })
}

/** Mutes or unmutes a chat's notifications: at once on screen, put back if main refuses. */
export async function setChatMuted(chatId: string, muted: boolean): Promise<void> {
  const chats = useChatsStore.getState()
  const before = Object.keys(chats.muted)
  chats.setMuted(
    muted ? [...before.filter((id) => id !== chatId), chatId] : before.filter((id) => id !== chatId),
  )
  try {
    const { mutedChatIds } = await linq().setChatMuted({ chatId, muted })
    useChatsStore.getState().setMuted(mutedChatIds)
  } catch (error) {
    useChatsStore.getState().setMuted(before)
    useUiStore.getState().notify('error', errorText(error, 'The chat’s notifications were not changed.'))
  }
}

/** The update the banner shows has been seen: main may install it when Linq quits. */
export function acknowledgeUpdate(): void {
  linq()
    .acknowledgeUpdate()
    .catch(() => undefined)
}

export async function installUpdateNow(): Promise<void> {
  try {
    await linq().installUpdate()
  } catch (error) {
    useUiStore.getState().notify('error', errorText(error, 'The update could not be installed now.'))
  }
}
