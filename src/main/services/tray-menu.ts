// The tray's menu as data: what it offers and in which order, so the rules are tested in Node and the
// Electron adapter (src/main/electron/tray.ts) only renders it.
import type { BadgeView } from './notifications/badge'

export type TrayCommand = 'open' | 'new-chat' | 'quit'

export type TrayMenuItem =
  | { kind: 'command'; command: TrayCommand; label: string }
  | { kind: 'info'; label: string }
  | { kind: 'separator' }

export function trayMenu(unread: BadgeView): TrayMenuItem[] {
  return [
    // The count the badge shows, in words, where the tray has no badge of its own (Linux, Windows).
    ...(unread.count > 0
      ? [{ kind: 'info', label: unread.description } as const, { kind: 'separator' } as const]
      : []),
    { kind: 'command', command: 'open', label: 'Open Linq' },
    { kind: 'command', command: 'new-chat', label: 'New Chat' },
    { kind: 'separator' },
    { kind: 'command', command: 'quit', label: 'Quit Linq' },
  ]
}

/** The tray icon's tooltip. */
export const trayTooltip = (unread: BadgeView): string =>
  unread.count > 0 ? `Linq: ${unread.description}` : 'Linq'
