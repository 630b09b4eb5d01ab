// A chat's menu in the list (right-click its row, or the menu key / Shift+F10 on it): open it, mute or unmute
// its notifications, mark it read. Arrow keys move, Enter picks, Escape or Tab closes, and focus goes back
// to the row. It looks like the message menu (same classes).
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { linq } from '../../linq'
import { openChat } from '../../state/actions/thread'
import { useChatsStore } from '../../state/chats'
import { setChatMuted } from '../../state/desktop'
import { useUiStore, type ChatMenuState } from '../../state/ui'
import { BellIcon, BellOffIcon } from '../../ui/icons'

const EDGE = 8

export function ChatMenu() {
  const menu = useUiStore((s) => s.chatMenu)
  const exists = useChatsStore((s) => (menu ? s.byId[menu.chatId] !== undefined : false))
  if (!menu || !exists) return null
  return <ChatMenuPanel key={menu.chatId} menu={menu} />
}

function close(chatId: string, refocus = true): void {
  useUiStore.getState().openChatMenu(null)
  if (refocus)
    document.querySelector<HTMLElement>(`button.chat-row[data-chat-id="${CSS.escape(chatId)}"]`)?.focus()
}

function ChatMenuPanel({ menu }: { menu: ChatMenuState }) {
  const panel = useRef<HTMLDivElement>(null)
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null)
  const { chatId } = menu
  const muted = useChatsStore((s) => s.muted[chatId] === true)
  const unread = useChatsStore((s) => s.byId[chatId]?.unreadCount ?? 0)

  useLayoutEffect(() => {
    const el = panel.current
    if (!el) return
    const { width, height } = el.getBoundingClientRect()
    const left = Math.max(EDGE, Math.min(menu.anchor.x, window.innerWidth - width - EDGE))
    const top = Math.max(EDGE, Math.min(menu.anchor.y, window.innerHeight - height - EDGE))
    setPosition({ left, top })
  }, [menu.anchor.x, menu.anchor.y])

  const placed = position !== null
  useLayoutEffect(() => {
    if (placed) panel.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
  }, [placed])

  const pick = (action: () => void) => () => {
    close(chatId)
    action()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(panel.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const index = items.findIndex((item) => item === document.activeElement)
    let next: number | null = null
    if (event.key === 'ArrowDown') next = (index + 1) % items.length
    else if (event.key === 'ArrowUp') next = (index - 1 + items.length) % items.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = items.length - 1
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault()
      event.stopPropagation()
      close(chatId)
      return
    }
    if (next === null) return
    event.preventDefault()
    items[next]?.focus()
  }

  return createPortal(
    <div
      className="menu-layer"
      onMouseDown={(event) => event.target === event.currentTarget && close(chatId, false)}
    >
      <div
        ref={panel}
        className="message-menu"
        role="menu"
        aria-label="Chat actions"
        style={position ?? { left: menu.anchor.x, top: menu.anchor.y, visibility: 'hidden' }}
        onKeyDown={onKeyDown}
        onContextMenu={(event) => event.preventDefault()}
      >
        <div className="message-menu__items">
          <MenuItem label="Open chat" onClick={pick(() => openChat(chatId))} />
          <MenuItem
            label={muted ? 'Unmute notifications' : 'Mute notifications'}
            icon={muted ? <BellIcon /> : <BellOffIcon />}
            onClick={pick(() => void setChatMuted(chatId, !muted))}
          />
          {unread > 0 && (
            <MenuItem
              label="Mark as read"
              onClick={pick(
                () =>
                  void linq()
                    .markChatRead({ chatId })
                    .catch(() => undefined),
              )}
            />
          )}
        </div>
      </div>
    </div>,
    document.body,
  )
}

function MenuItem({ label, icon, onClick }: { label: string; icon?: ReactNode; onClick: () => void }) {
  return (
    <button type="button" role="menuitem" tabIndex={-1} className="message-menu__item" onClick={onClick}>
      <span className="message-menu__icon" aria-hidden="true">
        {icon}
      </span>
      {label}
    </button>
  )
}
