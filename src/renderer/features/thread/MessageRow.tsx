// One row of the virtualized thread. Grouping and the date separator are derived from the previous message
// alone, and the row subscribes only to its own message plus a string summary of the previous one, so a
// new or updated message re-renders its own row (and at most the row after it).
import { memo } from 'react'
import type { Message, Service } from '../../../shared/domain'
import { messageAt, useMessagesStore } from '../../state/messages'
import { useUiStore } from '../../state/ui'
import { formatDayLabel } from '../../ui/format'
import { useIsJumpTarget } from '../search/use-jump'
import { MessageBubble } from './MessageBubble'
import { rowBreaks, senderOf } from './row-layout'

/** What a row shows whatever its message: the chat it belongs to and the day labels' "today". */
export interface RowContext {
  chatId: string
  service: Service | null
  isGroupChat: boolean
  otherName: string
  /** Midnight-rounded "today", for the separator labels. */
  today: number
}

export interface MessageRowProps extends RowContext {
  rowKey: string
  prevKey: string | undefined
}

const SEPARATOR = '\u0000'

export const MessageRow = memo(function MessageRow({ rowKey, prevKey, ...context }: MessageRowProps) {
  const { chatId } = context
  const message = useMessagesStore((s) => messageAt(s.threads[chatId], rowKey))
  const previous = useMessagesStore((s) => {
    const p = prevKey === undefined ? undefined : messageAt(s.threads[chatId], prevKey)
    return p ? `${senderOf(p)}${SEPARATOR}${p.sentAt}` : null
  })
  const editing = useUiStore(
    (s) => s.editing !== null && s.editing.chatId === chatId && s.editing.messageId === message?.id,
  )
  const found = useIsJumpTarget(chatId, message?.id)
  if (!message) return <div className="message-row" />
  let prev: PreviousRow | null = null
  if (previous !== null) {
    const [sender, sentAt] = previous.split(SEPARATOR) as [string, string]
    prev = { time: Date.parse(sentAt), sender }
  }
  return (
    <MessageRowView
      {...context}
      rowKey={rowKey}
      message={message}
      previous={prev}
      found={found}
      editing={editing}
    />
  )
})

/** The row above, as far as this row's breaks care. */
export interface PreviousRow {
  time: number
  sender: string
}

export interface MessageRowViewProps extends RowContext {
  rowKey: string
  message: Message
  previous: PreviousRow | null
  /** The message a search opened the thread at. */
  found: boolean
  editing: boolean
}

/** A row's markup from its message and the row above (the thread's warm-up renders it too). */
export function MessageRowView({
  rowKey,
  message,
  previous,
  found,
  editing,
  today,
  ...context
}: MessageRowViewProps) {
  const time = Date.parse(message.sentAt)
  const { newDay, startsGroup } = rowBreaks(time, senderOf(message), previous)
  return (
    <div
      className={`message-row${found ? ' message-row--found' : ''}`}
      data-message-row={rowKey}
      data-found={found || undefined}
    >
      {newDay && !Number.isNaN(time) && (
        <div className="day-separator">
          <span>{formatDayLabel(time, today)}</span>
        </div>
      )}
      <MessageBubble
        chatId={context.chatId}
        message={message}
        service={context.service}
        startsGroup={startsGroup}
        isGroupChat={context.isGroupChat}
        otherName={context.otherName}
        editing={editing}
      />
    </div>
  )
}
