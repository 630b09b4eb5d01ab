// The menu of one message: the six reactions (a reaction we already gave is checked; picking it again
// removes it) and, in the full menu, Edit / Delete / Copy text / Cancel sending. One menu for the whole
// thread, positioned at what opened it; arrow keys move, Enter picks, Escape closes and focus returns to
// the message.
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react'
import { createPortal } from 'react-dom'
import { REACTION_TYPES, type Message, type ReactionType } from '../../../shared/domain'
import { cancelUpload, toggleReaction } from '../../state/actions/message'
import { messageById, useMessagesStore } from '../../state/messages'
import { useUiStore, type MessageMenuState } from '../../state/ui'
import { CopyIcon, EditIcon, TrashIcon } from '../../ui/icons'
import { canDelete, canEdit, canReact, focusMessage } from './message-rules'
import { REACTION_ICON, REACTION_LABEL } from './Reactions'

const EDGE = 8

export function MessageMenu() {
  const menu = useUiStore((s) => s.menu)
  // Follows the message, so a reaction arriving while the menu is open shows as checked.
  const message = useMessagesStore((s) =>
    menu ? messageById(s.threads[menu.chatId], menu.messageId) : undefined,
  )
  if (!menu || !message) return null
  return <MenuPanel key={`${menu.messageId}/${menu.mode}`} menu={menu} message={message} />
}

function close(messageId: string, refocus = true): void {
  useUiStore.getState().openMenu(null)
  if (refocus) focusMessage(messageId)
}

function MenuPanel({ menu, message }: { menu: MessageMenuState; message: Message }) {
  const panel = useRef<HTMLDivElement>(null)
  const position = useMenuPlacement(panel, menu.anchor)
  const messageId = message.id
  const full = menu.mode === 'full'
  return createPortal(
    <div
      className="menu-layer"
      onMouseDown={(event) => event.target === event.currentTarget && close(messageId, false)}
    >
      <div
        ref={panel}
        className="message-menu"
        role="menu"
        aria-label={full ? 'Message actions' : 'React to message'}
        style={position ?? { left: menu.anchor.x, top: menu.anchor.y, visibility: 'hidden' }}
        onKeyDown={(event) => onMenuKeyDown(event, panel.current, messageId)}
        onContextMenu={(event) => event.preventDefault()}
      >
        {canReact(message) && <ReactionItems chatId={menu.chatId} message={message} />}
        {full && <ActionItems chatId={menu.chatId} message={message} />}
      </div>
    </div>,
    document.body,
  )
}

/**
 * Where the menu goes: at the anchor, nudged inside the window before the first paint (null until then).
 * Once placed (a visibility:hidden item cannot take focus), focus moves in: to the reaction already
 * given, else the first item.
 */
function useMenuPlacement(
  panel: RefObject<HTMLDivElement | null>,
  anchor: MessageMenuState['anchor'],
): { left: number; top: number } | null {
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null)
  useLayoutEffect(() => {
    const el = panel.current
    if (!el) return
    const { width, height } = el.getBoundingClientRect()
    let left = Math.min(anchor.x, window.innerWidth - width - EDGE)
    let top = anchor.y
    if (top + height > window.innerHeight - EDGE) top = Math.max(EDGE, anchor.y - height - 8)
    left = Math.max(EDGE, left)
    // The panel must be laid out to be measured; this second render still happens before the first paint.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPosition({ left, top })
  }, [panel, anchor.x, anchor.y])

  const placed = position !== null
  useLayoutEffect(() => {
    if (!placed) return
    const items = menuItems(panel.current)
    const first = items.find((item) => item.getAttribute('aria-checked') === 'true') ?? items[0]
    first?.focus()
  }, [panel, placed])
  return position
}

function menuItems(panel: HTMLElement | null): HTMLElement[] {
  return [...(panel?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])]
}

/** Arrows, Home and End move; a letter jumps to the next item starting with it; Escape and Tab close. */
function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>, panel: HTMLElement | null, messageId: string) {
  const items = menuItems(panel)
  const index = items.findIndex((item) => item === document.activeElement)
  let next: number | null = null
  if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (index + 1) % items.length
  else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp')
    next = (index - 1 + items.length) % items.length
  else if (event.key === 'Home') next = 0
  else if (event.key === 'End') next = items.length - 1
  else if (event.key === 'Escape') {
    event.preventDefault()
    event.stopPropagation()
    close(messageId)
    return
  } else if (event.key === 'Tab') {
    event.preventDefault()
    close(messageId)
    return
  } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey) {
    // Type-ahead: the first letter of a reaction or action moves to it.
    const letter = event.key.toLowerCase()
    const match = items.findIndex((item, i) => i > index && item.dataset.letter === letter)
    next = match >= 0 ? match : items.findIndex((item) => item.dataset.letter === letter)
    if (next < 0) next = null
  }
  if (next === null || items.length === 0) return
  event.preventDefault()
  items[next]?.focus()
}

function ReactionItems({ chatId, message }: { chatId: string; message: Message }) {
  const mineTypes = new Set(message.reactions.filter((r) => r.isFromMe).map((r) => r.type))
  const react = (type: ReactionType) => {
    close(message.id)
    void toggleReaction(chatId, message.id, type)
  }
  return (
    <div className="message-menu__reactions" role="group" aria-label="Reactions">
      {REACTION_TYPES.map((type) => {
        const Icon = REACTION_ICON[type]
        const mine = mineTypes.has(type)
        return (
          <button
            key={type}
            type="button"
            role="menuitemcheckbox"
            aria-checked={mine}
            aria-label={REACTION_LABEL[type]}
            title={mine ? `Remove ${REACTION_LABEL[type]}` : REACTION_LABEL[type]}
            tabIndex={-1}
            data-letter={REACTION_LABEL[type].charAt(0).toLowerCase()}
            className={`message-menu__reaction${mine ? ' message-menu__reaction--mine' : ''}`}
            onClick={() => react(type)}
          >
            <Icon className={`reaction__icon reaction__icon--${type}`} />
          </button>
        )
      })}
    </div>
  )
}

function ActionItems({ chatId, message }: { chatId: string; message: Message }) {
  const messageId = message.id
  const cancellable =
    message.isFromMe && (message.status === 'queued' || message.status === 'sending') ? message.localId : null
  const copy = () => {
    close(messageId)
    navigator.clipboard?.writeText(message.text).then(
      () => useUiStore.getState().notify('info', 'Copied.'),
      () => useUiStore.getState().notify('error', 'Could not copy the text.'),
    )
  }
  return (
    <div className="message-menu__items" role="group" aria-label="Actions">
      {canEdit(message) && (
        <MenuItem
          icon={<EditIcon />}
          label="Edit"
          onClick={() => useUiStore.getState().setEditing({ chatId, messageId })}
        />
      )}
      {message.text.trim() !== '' && <MenuItem icon={<CopyIcon />} label="Copy text" onClick={copy} />}
      {cancellable && (
        <MenuItem
          label="Cancel sending"
          onClick={() => {
            close(messageId)
            void cancelUpload(chatId, cancellable)
          }}
        />
      )}
      {canDelete(message) && (
        <MenuItem
          icon={<TrashIcon />}
          label="Delete…"
          danger
          onClick={() => useUiStore.getState().setConfirmDelete({ chatId, messageId })}
        />
      )}
    </div>
  )
}

function MenuItem({
  icon,
  label,
  danger = false,
  onClick,
}: {
  icon?: ReactNode
  label: string
  danger?: boolean
  onClick: () => void
}) {
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      data-letter={label.charAt(0).toLowerCase()}
      className={`message-menu__item${danger ? ' message-menu__item--danger' : ''}`}
      onClick={onClick}
    >
      <span className="message-menu__icon" aria-hidden="true">
        {icon}
      </span>
      {label}
    </button>
  )
}
