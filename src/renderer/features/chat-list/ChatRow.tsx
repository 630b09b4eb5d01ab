import { memo, type KeyboardEvent, type MouseEvent } from 'react'
import { openChat } from '../../state/actions/thread'
import { useChatsStore } from '../../state/chats'
import { useConversationsStore } from '../../state/conversations'
import { useDraftsStore } from '../../state/drafts'
import { useIsTyping } from '../../state/team-relay'
import { useUiStore } from '../../state/ui'
import { Avatar } from '../../ui/Avatar'
import { chatTitle, previewText } from '../../ui/chat-text'
import { formatCount, formatDateTime, formatHandle, formatRelativeTime } from '../../ui/format'
import { BellOffIcon } from '../../ui/icons'
import { ServiceMark } from '../../ui/ServiceMark'

export interface ChatRowProps {
  chatId: string
  active: boolean
  /** The one row in the list's tab order (roving tabindex). */
  tabbable: boolean
  /** Minute-rounded clock for the relative time. */
  now: number
  /** Several Linq numbers: say which one the chat is on. */
  showNumber: boolean
}

/** One chat in the sidebar. Subscribes to its own chat only, so other chats' updates do not re-render it. */
export const ChatRow = memo(function ChatRow({ chatId, active, tabbable, now, showNumber }: ChatRowProps) {
  const chat = useChatsStore((s) => s.byId[chatId])
  const draft = useDraftsStore((s) => (active ? undefined : s.drafts[chatId]))
  const muted = useChatsStore((s) => s.muted[chatId] === true)
  // Conversations: a contact's name can change the row's title.
  useConversationsStore((s) => s.namesVersion)
  const typing = useIsTyping(chatId)
  if (!chat) return null
  const title = chatTitle(chat)
  const hasDraft = draft !== undefined && draft.trim() !== ''
  const activity = chat.lastActivityAt ? Date.parse(chat.lastActivityAt) : NaN
  return (
    <li className="chat-list__item">
      <button
        type="button"
        className={`chat-row${active ? ' chat-row--active' : ''}${chat.unreadCount > 0 ? ' chat-row--unread' : ''}`}
        aria-current={active ? 'true' : undefined}
        tabIndex={tabbable ? 0 : -1}
        data-testid="chat-row"
        data-chat-id={chatId}
        data-unread={chat.unreadCount}
        onClick={() => openChat(chatId)}
        onContextMenu={(event: MouseEvent) => {
          event.preventDefault()
          useUiStore.getState().openChatMenu({ chatId, anchor: { x: event.clientX, y: event.clientY } })
        }}
        onKeyDown={(event: KeyboardEvent<HTMLButtonElement>) => {
          if (event.key !== 'ContextMenu' && !(event.key === 'F10' && event.shiftKey)) return
          event.preventDefault()
          const box = event.currentTarget.getBoundingClientRect()
          useUiStore.getState().openChatMenu({ chatId, anchor: { x: box.left + 24, y: box.bottom } })
        }}
      >
        <Avatar seed={chat.id} title={title} isGroup={chat.isGroup} />
        <span className="chat-row__body">
          <span className="chat-row__line">
            <span className="chat-row__title">{title}</span>
            {chat.lastActivityAt && !Number.isNaN(activity) && (
              <time
                className="chat-row__time"
                dateTime={chat.lastActivityAt}
                title={formatDateTime(activity)}
              >
                {formatRelativeTime(chat.lastActivityAt, now)}
              </time>
            )}
          </span>
          <span className="chat-row__line">
            <span className="chat-row__preview">
              {typing ? (
                <span className="chat-row__typing">typing…</span>
              ) : hasDraft ? (
                <>
                  <span className="chat-row__draft">Draft:</span> {draft.trim().split('\n', 1)[0]}
                </>
              ) : (
                previewText(chat)
              )}
            </span>
            {chat.unreadCount > 0 && (
              <span className="badge">
                <span aria-hidden="true">
                  {chat.unreadCount > 99 ? '99+' : formatCount(chat.unreadCount)}
                </span>
                <span className="sr-only">
                  , {formatCount(chat.unreadCount)} unread {chat.unreadCount === 1 ? 'message' : 'messages'}
                </span>
              </span>
            )}
          </span>
          <span className="chat-row__tags">
            <ServiceMark service={chat.service} />
            {muted && (
              <span className="chat-row__muted" title="Notifications muted" data-testid="chat-muted">
                <BellOffIcon />
                <span className="sr-only">, notifications muted</span>
              </span>
            )}
            {chat.isGroup && (
              <span className="tag">
                Group<span className="sr-only">, {chat.participants.length} people</span>
              </span>
            )}
            {showNumber && <span className="chat-row__number">on {formatHandle(chat.phoneNumber)}</span>}
          </span>
        </span>
      </button>
    </li>
  )
})
