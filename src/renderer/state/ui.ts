// What is on screen: the open chat, the list filters, which overlay is up, and the notices. Overlays that
// belong to one message (menu, inline editor, delete confirmation, lightbox) live here rather than in the
// row, because a virtualized row can unmount while its overlay is still open.
import { create } from 'zustand'
import type { UpdateStatus } from '../../shared/domain'

export interface Notice {
  id: number
  level: 'info' | 'error'
  message: string
}

/** Where a message menu opens: the viewport point (right-click) or the rectangle of what opened it. */
export interface MenuAnchor {
  x: number
  y: number
}

export interface MessageMenuState {
  chatId: string
  /** Server id of the message (menus are only offered for messages Linq has accepted). */
  messageId: string
  /** 'react': the six reactions only; 'full': reactions plus the other actions (right-click, More). */
  mode: 'react' | 'full'
  anchor: MenuAnchor
}

/** Where a chat's menu opens (right-click on its row, or the keyboard's menu key). */
export interface ChatMenuState {
  chatId: string
  anchor: MenuAnchor
}

/**
 * A new chat asked for from outside the chat list (a linq-desktop://new link, the tray's New Chat) with no
 * chat of the workspace to put it in yet. The new-chat screen starts from it and clears it.
 */
export interface NewChatRequest {
  /** E.164 numbers, checked by main; empty when none were given. */
  to: string[]
  /** The message to start with, never sent by itself. */
  text: string
}

export interface UiState {
  activeChatId: string | null
  /** The chat-list filter text. */
  query: string
  /** Show only chats of this Linq number (E.164), or all. */
  numberFilter: string | null
  switcherOpen: boolean
  settingsOpen: boolean
  /** Settings opened straight at the sign-out question (the app menu's Sign Out). */
  signOutAsked: boolean
  notices: Notice[]
  menu: MessageMenuState | null
  /** The message being edited inline (server id). */
  editing: { chatId: string; messageId: string } | null
  /** The message waiting for the delete confirmation. */
  confirmDelete: { chatId: string; messageId: string } | null
  /** The image shown full size. */
  lightbox: { chatId: string; attachmentId: string } | null
  chatMenu: ChatMenuState | null
  newChatRequest: NewChatRequest | null
  /** The auto-updater's state (a downloaded update shows a banner). */
  update: UpdateStatus | null
  setActiveChat(chatId: string | null): void
  setQuery(query: string): void
  setNumberFilter(number: string | null): void
  setSwitcherOpen(open: boolean): void
  setSettingsOpen(open: boolean): void
  askSignOut(): void
  openMenu(menu: MessageMenuState | null): void
  setEditing(editing: UiState['editing']): void
  setConfirmDelete(target: UiState['confirmDelete']): void
  setLightbox(target: UiState['lightbox']): void
  openChatMenu(menu: ChatMenuState | null): void
  setNewChatRequest(request: NewChatRequest | null): void
  setUpdate(update: UpdateStatus): void
  notify(level: Notice['level'], message: string): number
  dismiss(id: number): void
  reset(): void
}

const INFO_NOTICE_MS = 6_000
const MAX_NOTICES = 4
let nextNoticeId = 1

const OVERLAYS_CLOSED = { menu: null, editing: null, confirmDelete: null, lightbox: null } as const
/** How a workspace opens, and what reset() goes back to (notices outlive a workspace change). */
const FRESH_VIEW = {
  activeChatId: null,
  query: '',
  numberFilter: null,
  switcherOpen: false,
  settingsOpen: false,
  signOutAsked: false,
  chatMenu: null,
  newChatRequest: null,
  ...OVERLAYS_CLOSED,
} as const

export const useUiStore = create<UiState>()((set, get) => ({
  ...FRESH_VIEW,
  notices: [],
  update: null,
  // Another chat's message overlays make no sense once the chat changes.
  setActiveChat: (activeChatId) =>
    set((s) => (s.activeChatId === activeChatId ? s : { activeChatId, ...OVERLAYS_CLOSED })),
  setQuery: (query) => set({ query }),
  setNumberFilter: (numberFilter) => set({ numberFilter }),
  setSwitcherOpen: (switcherOpen) => set({ switcherOpen }),
  setSettingsOpen: (settingsOpen) => set({ settingsOpen, signOutAsked: false }),
  askSignOut: () => set({ settingsOpen: true, signOutAsked: true, ...OVERLAYS_CLOSED }),
  openMenu: (menu) => set({ menu }),
  setEditing: (editing) => set({ editing, menu: null }),
  setConfirmDelete: (confirmDelete) => set({ confirmDelete, menu: null }),
  setLightbox: (lightbox) => set({ lightbox }),
  openChatMenu: (chatMenu) => set({ chatMenu }),
  setNewChatRequest: (newChatRequest) => set({ newChatRequest }),
  setUpdate: (update) => set({ update }),
  notify(level, message) {
    // The same words twice in a row (e.g. repeated background failures) are shown once.
    const existing = get().notices.find((n) => n.message === message && n.level === level)
    if (existing) return existing.id
    const id = nextNoticeId++
    set((s) => ({ notices: [...s.notices, { id, level, message }].slice(-MAX_NOTICES) }))
    // Errors stay until dismissed; information fades.
    if (level === 'info') setTimeout(() => get().dismiss(id), INFO_NOTICE_MS)
    return id
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  reset: () => set(FRESH_VIEW),
}))
