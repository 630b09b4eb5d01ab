// Under the open chat's messages: "typing…" while the customer types (from the team relay), else "Read"
// when the customer has read the app's last message. Announced politely to screen readers.
import type { Chat } from '../../../shared/domain'
import { messageAt, useMessagesStore } from '../../state/messages'
import { useIsTyping } from '../../state/team-relay'
import { chatTitle } from '../../ui/chat-text'

export function ThreadActivity({ chat }: { chat: Chat }) {
  const typing = useIsTyping(chat.id)
  const lastRead = useMessagesStore((s) => {
    const thread = s.threads[chat.id]
    const key = thread?.keys.at(-1)
    const last = key === undefined ? undefined : messageAt(thread, key)
    return last?.isFromMe === true && last.status === 'read'
  })
  const text = typing ? `${chat.isGroup ? 'Someone' : chatTitle(chat)} is typing…` : lastRead ? 'Read' : ''
  return (
    <p
      className={`thread-activity${typing ? ' thread-activity--typing' : ''}`}
      role="status"
      aria-live="polite"
      data-testid="thread-activity"
    >
      {text}
    </p>
  )
}
