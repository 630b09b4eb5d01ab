import type { Chat } from '../../../shared/domain'
import { closeChat } from '../../state/actions/thread'
import { Avatar } from '../../ui/Avatar'
import { chatTitle, otherParticipants } from '../../ui/chat-text'
import { formatHandle } from '../../ui/format'
import { IconButton } from '../../ui/IconButton'
import { ArrowLeftIcon } from '../../ui/icons'
import { ServiceMark } from '../../ui/ServiceMark'

/** Title, participants with their services, and the Linq number the chat is on. */
export function ThreadHeader({ chat, titleId }: { chat: Chat; titleId: string }) {
  const title = chatTitle(chat)
  const others = otherParticipants(chat)
  return (
    <header className="thread-header">
      <IconButton
        className="thread-header__back"
        label="Back to chats"
        icon={<ArrowLeftIcon />}
        onClick={closeChat}
      />
      <Avatar seed={chat.id} title={title} isGroup={chat.isGroup} />
      <div className="thread-header__text">
        <h2 id={titleId} className="thread-header__title">
          {title}
        </h2>
        <ul className="thread-header__participants" aria-label="Participants">
          {others.map((p) => (
            <li key={p.id} className="participant">
              <span className="participant__handle">{formatHandle(p.handle)}</span>
              <ServiceMark service={p.service ?? chat.service} />
            </li>
          ))}
          <li className="participant participant--own">via {formatHandle(chat.phoneNumber)}</li>
        </ul>
      </div>
    </header>
  )
}
