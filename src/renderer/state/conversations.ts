// Conversations in the window: new chats waiting in main's queue, what is known about recipients' iMessage,
// the workspace's contacts (and the names they give handles), and the typing indicator. Main's events keep
// it current; startConversations wires them once, and loads what main has when a workspace opens.
import { create } from 'zustand'
import type { LinqBridge } from '../../shared/contract'
import type { ContactCard, PendingChat, Reachability } from '../../shared/domain'
import { phoneDigits } from '../../shared/phone'
import { createTypingThrottle } from '../../shared/typing-throttle'
import { errorText, linq } from '../linq'
import { setContactNames } from '../ui/format'
import { openChat } from './actions/thread'
import { useSessionStore } from './session'
import { useUiStore } from './ui'

interface ConversationsState {
  pending: PendingChat[]
  availability: Record<string, Reachability>
  contacts: ContactCard[]
  /** Changes whenever the names change, so rows that show names re-render. */
  namesVersion: number
  /** New chats the user is waiting for: opened as soon as Linq has them. */
  opening: string[]
  /** The participant whose contact is being added or edited (thread header). */
  editingContact: string | null
  setPending(pending: PendingChat[]): void
  mergeAvailability(results: Record<string, Reachability>): void
  setContacts(contacts: ContactCard[]): void
}

export const useConversationsStore = create<ConversationsState>()((set) => ({
  pending: [],
  availability: {},
  contacts: [],
  namesVersion: 0,
  opening: [],
  editingContact: null,
  setPending: (pending) => set({ pending }),
  mergeAvailability: (results) => set((s) => ({ availability: { ...s.availability, ...results } })),
  setContacts(contacts) {
    const names = new Map<string, string>()
    for (const c of contacts) if (c.phoneNumber && c.name) names.set(phoneDigits(c.phoneNumber), c.name)
    setContactNames(names)
    set((s) => ({ contacts, namesVersion: s.namesVersion + 1 }))
  },
}))

/** The contact with this number, if there is one. */
export function contactFor(handle: string): ContactCard | null {
  const wanted = phoneDigits(handle)
  if (!wanted) return null
  return useConversationsStore.getState().contacts.find((c) => phoneDigits(c.phoneNumber) === wanted) ?? null
}

const typing = createTypingThrottle({
  send: (chatId, on) =>
    void linq()
      .setTyping({ chatId, typing: on })
      .catch(() => undefined),
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
})
/** The composer of an iMessage chat changed (typing shows for iMessage chats only). */
export const typingInput = (chatId: string, text: string) => typing.input(chatId, text)
export const typingStopped = (chatId: string) => typing.stop(chatId)

/** Checks recipients (E.164); answers arrive as availabilityChanged and fill the store. */
export function checkAvailability(phoneNumbers: string[]): void {
  const store = useConversationsStore.getState()
  const unknown = phoneNumbers.filter((n) => {
    const known = store.availability[n]
    return known !== 'iMessage' && known !== 'sms' && known !== 'checking'
  })
  if (unknown.length === 0) return
  store.mergeAvailability(Object.fromEntries(unknown.map((n) => [n, 'checking' as const])))
  linq()
    .checkAvailability({ phoneNumbers: unknown })
    .then((results) => useConversationsStore.getState().mergeAvailability(results))
    .catch(() =>
      useConversationsStore
        .getState()
        .mergeAvailability(Object.fromEntries(unknown.map((n) => [n, 'unknown' as const]))),
    )
}

/** Queues the new chat; it opens by itself when Linq has it. */
export async function createNewChat(input: {
  from: string
  to: string[]
  displayName: string | null
  text: string
}): Promise<PendingChat> {
  const pending = await linq().createChat(input)
  useConversationsStore.setState((s) => ({
    opening: [...s.opening, pending.localId],
    pending: s.pending.some((p) => p.localId === pending.localId) ? s.pending : [...s.pending, pending],
  }))
  return pending
}

/** Saves a contact: the list changes at once, and goes back (with a notice) if Linq refuses. */
export async function saveContact(input: Omit<ContactCard, 'name' | 'id'> & { id: string | null }) {
  const store = useConversationsStore.getState()
  const before = store.contacts
  const name = [input.firstName, input.lastName].filter(Boolean).join(' ') || input.company || input.email
  const optimistic: ContactCard = { ...input, id: input.id ?? 'pending', name }
  store.setContacts([...before.filter((c) => c.id !== optimistic.id), optimistic])
  try {
    const saved = await linq().saveContact(input)
    const now = useConversationsStore.getState().contacts
    useConversationsStore
      .getState()
      .setContacts([...now.filter((c) => c.id !== saved.id && c.id !== 'pending'), saved])
    return true
  } catch (error) {
    useConversationsStore.getState().setContacts(before)
    useUiStore.getState().notify('error', errorText(error, 'The contact was not saved.'))
    return false
  }
}

export function startConversations(bridge: LinqBridge): () => void {
  const load = () => {
    bridge
      .listPendingChats()
      .then((p) => useConversationsStore.getState().setPending(p))
      .catch(() => undefined)
    bridge
      .listContacts()
      .then((c) => useConversationsStore.getState().setContacts(c))
      .catch(() => undefined)
  }
  if (useSessionStore.getState().session.status === 'signed-in') load()
  const stops = [
    useSessionStore.subscribe((state, before) => {
      const now = state.session.status === 'signed-in' ? state.session.workspace.id : null
      const was = before.session.status === 'signed-in' ? before.session.workspace.id : null
      if (now !== was) {
        typing.stopAll()
        useConversationsStore.setState({ pending: [], availability: {}, opening: [] })
        useConversationsStore.getState().setContacts([])
        if (now) load()
      }
    }),
    useUiStore.subscribe((state, before) => {
      if (before.activeChatId && state.activeChatId !== before.activeChatId) typing.stop(before.activeChatId)
    }),
    bridge.on('pendingChatsChanged', ({ pending }) => useConversationsStore.getState().setPending(pending)),
    bridge.on('pendingChatCreated', ({ localId, chatId }) => {
      const { opening } = useConversationsStore.getState()
      if (!opening.includes(localId)) return
      useConversationsStore.setState({ opening: opening.filter((id) => id !== localId) })
      openChat(chatId)
    }),
    bridge.on('availabilityChanged', (results) =>
      useConversationsStore.getState().mergeAvailability(results),
    ),
    bridge.on('contactsChanged', ({ contacts }) => useConversationsStore.getState().setContacts(contacts)),
  ]
  return () => stops.forEach((stop) => stop())
}
