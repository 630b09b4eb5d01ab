// One row of the virtualized thread. Grouping and the date separator are derived from the previous message
// alone, and the row subscribes only to its own message plus a string summary of the previous one, so a
// new or updated message re-renders its own row (and at most the row after it).
import { memo } from 'react'
import type { Service } from '../../../shared/domain'
import { useMessagesStore } from '../../state/messages'
import { useUiStore } from '../../state/ui'
import { dayNumber, formatDayLabel } from '../../ui/format'
import { MessageBubble } from './MessageBubble'

/** Consecutive messages from one sender closer than this share a group. */
export const GROUP_GAP_MS = 5 * 60_000

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
  const message = useMessagesStore((s) => s.threads[chatId]?.byKey[rowKey])
  const previous = useMessagesStore((s) => {
    const p = prevKey === undefined ? undefined : s.threads[chatId]?.byKey[prevKey]
    return p ? `${p.isFromMe ? '' : p.from}${SEPARATOR}${p.sentAt}` : null
  })
  const editing = useUiStore(
    (s) => s.editing !== null && s.editing.chatId === chatId && s.editing.messageId === message?.id,
  )
  if (!message) return <div className="message-row" />
  const time = Date.parse(message.sentAt)
  let newDay = true
  let startsGroup = true
  if (previous !== null) {
    const [prevSender, prevSentAt] = previous.split(SEPARATOR) as [string, string]
    const prevTime = Date.parse(prevSentAt)
    newDay = dayNumber(prevTime) !== dayNumber(time)
    const sameSender = prevSender === (message.isFromMe ? '' : message.from)
    startsGroup = newDay || !sameSender || time - prevTime > GROUP_GAP_MS
  }
  return (
    <div className="message-row" data-message-row={rowKey}>
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
