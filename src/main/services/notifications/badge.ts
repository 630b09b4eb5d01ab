// The one unread count the app shows outside its window: the dock (macOS), the taskbar overlay (Windows), the
// launcher and the tray (Linux). It is the chat list's own total (sync reports cache.unreadTotal() to both),
// so the badge and the list can never disagree; this says how to show it on each surface.

export interface BadgeView {
  count: number
  /** For a dock or launcher badge and the tray's title: '' at 0, '99+' past 99. */
  label: string
  /** The Windows overlay image (resources/badges/<overlay>.png): '1'–'9', '9+', or none at 0. */
  overlay: string | null
  /** For screen readers and the tray's tooltip: "3 unread messages". */
  description: string
}

export function badgeView(total: number): BadgeView {
  const count = Number.isFinite(total) ? Math.max(0, Math.floor(total)) : 0
  if (count === 0) return { count, label: '', overlay: null, description: 'No unread messages' }
  return {
    count,
    label: count > 99 ? '99+' : String(count),
    overlay: count > 9 ? '9+' : String(count),
    description: count === 1 ? '1 unread message' : `${count.toLocaleString('en-US')} unread messages`,
  }
}
