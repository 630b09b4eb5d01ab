// One message: own on the right in the service's colour, others on the left; attachments, text with links,
// time, "Edited", delivery state, reactions, and the actions. The message element takes focus (arrow keys
// in the thread move between messages); with focus, "r" reacts, "e" edits, Delete deletes, and the menu
// key or Shift+F10 opens the same menu as a right-click.
import { memo, useState, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react'
import type { Message, Service } from '../../../shared/domain'
import { useUiStore, type MessageMenuState } from '../../state/ui'
import { formatClock, formatDateTime } from '../../ui/format'
import { IconButton } from '../../ui/IconButton'
import { MoreIcon, SmileIcon } from '../../ui/icons'
import { Attachments } from './Attachments'
import { LinkifiedText } from './LinkifiedText'
import { MessageEditor } from './MessageEditor'
import { canDelete, canEdit, canReact, senderName } from './message-rules'
import { FailedActions, StatusIcon, UploadProgress } from './MessageStatus'
import { Reactions } from './Reactions'

export interface MessageBubbleProps {
  chatId: string
  message: Message
  /** The chat's service colours own bubbles (blue iMessage, green SMS, purple RCS). */
  service: Service | null
  /** First of a run from the same sender: shows the sender's name in groups and more space above. */
  startsGroup: boolean
  isGroupChat: boolean
  /** Other participant's display name (one-to-one chats), for screen readers. */
  otherName: string
  /** This message is being edited inline. */
  editing: boolean
}

function anchorBelow(element: Element): MessageMenuState['anchor'] {
  const rect = element.getBoundingClientRect()
  return { x: rect.left, y: rect.bottom + 4 }
}

export const MessageBubble = memo(function MessageBubble({
  chatId,
  message,
  service,
  startsGroup,
  isGroupChat,
  otherName,
  editing,
}: MessageBubbleProps) {
  const own = message.isFromMe
  const time = Date.parse(message.sentAt)
  const sender = senderName(message, isGroupChat, otherName)
  const serviceClass = own ? ` bubble--${(service ?? 'iMessage').toLowerCase()}` : ''
  const hasText = message.text.trim() !== ''
  const reactable = canReact(message)
  // The action buttons exist only for the message under the pointer or holding focus: built for every row,
  // their icons were most of the cost of rendering a thread. An empty box of their size stands in, so the
  // bubble never reflows when they appear.
  const [pointerOver, setPointerOver] = useState(false)
  const [focusWithin, setFocusWithin] = useState(false)
  const hasActions = !editing && (reactable || hasText)
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusWithin(false)
  }

  const openMenu: OpenMenu = (mode, anchor) =>
    useUiStore.getState().openMenu({ chatId, messageId: message.id, mode, anchor })

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) =>
    onMessageKeyDown(event, chatId, message, openMenu)

  const onContextMenu = (event: MouseEvent<HTMLDivElement>) => {
    // Right-click on a link keeps the link's own menu out of the way too: links open only in the browser.
    if (editing || (!reactable && !hasText)) return
    event.preventDefault()
    openMenu('full', { x: event.clientX, y: event.clientY })
  }

  return (
    <div
      className={`message${own ? ' message--own' : ' message--other'}${startsGroup ? ' message--starts-group' : ''}`}
      data-testid="message"
      data-message-id={message.id}
      data-status={message.status}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onContextMenu={onContextMenu}
      onMouseEnter={() => setPointerOver(true)}
      onMouseLeave={() => setPointerOver(false)}
      onFocus={() => setFocusWithin(true)}
      onBlur={onBlur}
    >
      {startsGroup && isGroupChat && !own && (
        <div className="message__sender" aria-hidden="true">
          {sender}
        </div>
      )}
      <div className="message__line">
        <div className={`bubble${own ? ' bubble--own' : ' bubble--other'}${serviceClass}`}>
          <span className="sr-only">
            {sender}, {Number.isNaN(time) ? '' : formatClock(time)}:{' '}
          </span>
          <Attachments chatId={chatId} attachments={message.attachments} />
          {editing ? (
            <MessageEditor chatId={chatId} message={message} />
          ) : (
            hasText && (
              <p className="bubble__text">
                <LinkifiedText text={message.text} />
              </p>
            )
          )}
          <span className="bubble__meta">
            {message.editedAt && (
              <span
                className="bubble__edited"
                title={`Edited ${formatDateTime(Date.parse(message.editedAt))}`}
              >
                Edited
              </span>
            )}
            {!Number.isNaN(time) && (
              <time dateTime={message.sentAt} title={formatDateTime(time)} aria-hidden="true">
                {formatClock(time)}
              </time>
            )}
            {own && <StatusIcon status={message.status} />}
          </span>
        </div>
        {hasActions &&
          (pointerOver || focusWithin ? (
            <MessageActions reactable={reactable} openMenu={openMenu} />
          ) : (
            <div className={`message__actions-space${reactable ? ' message__actions-space--two' : ''}`} />
          ))}
      </div>
      {message.reactions.length > 0 && (
        <Reactions
          chatId={chatId}
          messageId={message.id}
          reactions={message.reactions}
          interactive={reactable}
        />
      )}
      {(message.status === 'sending' || message.status === 'queued') && message.upload && (
        <UploadProgress chatId={chatId} message={message} />
      )}
      {message.status === 'failed' && <FailedActions chatId={chatId} message={message} />}
    </div>
  )
})

type OpenMenu = (mode: MessageMenuState['mode'], anchor: MessageMenuState['anchor']) => void

/** A focused message's own keys; keys typed in the editor or on a button inside the message are theirs. */
function onMessageKeyDown(
  event: KeyboardEvent<HTMLDivElement>,
  chatId: string,
  message: Message,
  openMenu: OpenMenu,
): void {
  if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return
  const bubble = event.currentTarget.querySelector('.bubble') ?? event.currentTarget
  const key = event.key
  const reactable = canReact(message)
  if (key === 'ContextMenu' || (key === 'F10' && event.shiftKey)) {
    if (!reactable && message.text.trim() === '') return
    event.preventDefault()
    openMenu('full', anchorBelow(bubble))
  } else if ((key === 'r' || key === 'R') && reactable) {
    event.preventDefault()
    openMenu('react', anchorBelow(bubble))
  } else if ((key === 'e' || key === 'E') && canEdit(message)) {
    event.preventDefault()
    useUiStore.getState().setEditing({ chatId, messageId: message.id })
  } else if ((key === 'Delete' || key === 'Backspace') && canDelete(message)) {
    event.preventDefault()
    useUiStore.getState().setConfirmDelete({ chatId, messageId: message.id })
  }
}

/** React and More, beside the message under the pointer or holding focus. */
function MessageActions({ reactable, openMenu }: { reactable: boolean; openMenu: OpenMenu }) {
  return (
    <div className="message__actions">
      {reactable && (
        <IconButton
          label="React"
          aria-haspopup="menu"
          icon={<SmileIcon />}
          onClick={(event) => openMenu('react', anchorBelow(event.currentTarget))}
        />
      )}
      <IconButton
        label="More actions"
        aria-haspopup="menu"
        icon={<MoreIcon />}
        onClick={(event) => openMenu('full', anchorBelow(event.currentTarget))}
      />
    </div>
  )
}
