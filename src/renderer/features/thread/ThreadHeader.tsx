import type { Chat } from '../../../shared/domain'
import { closeChat } from '../../state/actions/thread'
import { useChatsStore } from '../../state/chats'
import { setChatMuted } from '../../state/desktop'
import { Avatar } from '../../ui/Avatar'
import { chatTitle, otherParticipants } from '../../ui/chat-text'
import { formatHandle, handleName } from '../../ui/format'
import { ContactButton } from '../conversations/ContactButton'
import { useConversationsStore } from '../../state/conversations'
import { IconButton } from '../../ui/IconButton'
import { ArrowLeftIcon, BellIcon, BellOffIcon } from '../../ui/icons'
import { ServiceMark } from '../../ui/ServiceMark'

/** Title, participants with their services, the Linq number the chat is on, and its notification switch. */
export function ThreadHeader({ chat, titleId }: { chat: Chat; titleId: string }) {
  const title = chatTitle(chat)
  const others = otherParticipants(chat)
  const muted = useChatsStore((s) => s.muted[chat.id] === true)
  // Conversations: contact names change the title and the participants.
  useConversationsStore((s) => s.namesVersion)
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
              <span className="participant__handle">{handleName(p.handle)}</span>
              <ServiceMark service={p.service ?? chat.service} />
              {p.handle.startsWith('+') && <ContactButton handle={p.handle} />}
            </li>
          ))}
          <li className="participant participant--own">via {formatHandle(chat.phoneNumber)}</li>
        </ul>
      </div>
      <IconButton
        className={`thread-header__mute${muted ? ' thread-header__mute--on' : ''}`}
        label="Mute notifications"
        title={muted ? 'Notifications muted: click to unmute' : 'Mute notifications'}
        aria-pressed={muted}
        icon={muted ? <BellOffIcon /> : <BellIcon />}
        onClick={() => void setChatMuted(chat.id, !muted)}
      />
    </header>
  )
}
