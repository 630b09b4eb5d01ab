// One row of the virtualized thread. Grouping and the date separator are derived from the previous message
// alone, and the row subscribes only to its own message plus a string summary of the previous one, so a
// new or updated message re-renders its own row (and at most the row after it).
import { memo } from 'react'
import type { Service } from '../../../shared/domain'
import { messageAt, useMessagesStore } from '../../state/messages'
import { useUiStore } from '../../state/ui'
import { formatDayLabel } from '../../ui/format'
import { useIsJumpTarget } from '../search/use-jump'
import { MessageBubble } from './MessageBubble'
import { rowBreaks, senderOf } from './row-layout'

export interface MessageRowProps {
  chatId: string
  rowKey: string
  prevKey: string | undefined
  service: Service | null
  isGroupChat: boolean
  otherName: string
  /** Midnight-rounded "today", for the separator labels. */
  today: number
}

const SEPARATOR = '\u0000'

export const MessageRow = memo(function MessageRow({
  chatId,
  rowKey,
  prevKey,
  service,
  isGroupChat,
  otherName,
  today,
}: MessageRowProps) {
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
  const time = Date.parse(message.sentAt)
  let prev: { time: number; sender: string } | null = null
  if (previous !== null) {
    const [sender, sentAt] = previous.split(SEPARATOR) as [string, string]
    prev = { time: Date.parse(sentAt), sender }
  }
  const { newDay, startsGroup } = rowBreaks(time, senderOf(message), prev)
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
        chatId={chatId}
        message={message}
        service={service}
        startsGroup={startsGroup}
        isGroupChat={isGroupChat}
        otherName={otherName}
        editing={editing}
      />
    </div>
  )
})
