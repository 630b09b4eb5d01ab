// The open chat: header, the message list (or its loading / error state) and the composer, all inside the
// drop zone; plus the overlays that belong to one message (menu, delete confirmation, lightbox).
import { useId, useLayoutEffect, useRef, type ReactNode } from 'react'
import type { Chat } from '../../../shared/domain'
import { ensureThread } from '../../state/actions/thread'
import { useChatsStore } from '../../state/chats'
import { useMessagesStore } from '../../state/messages'
import { Button } from '../../ui/Button'
import { chatTitle } from '../../ui/chat-text'
import { DropZone } from '../attachments/DropZone'
import { Composer } from '../composer/Composer'
import { ThreadActivity } from '../team-relay/ThreadActivity'
import { FindBar } from '../search/FindBar'
import { DeleteConfirm } from './DeleteConfirm'
import { Lightbox } from './Lightbox'
import { MessageList } from './MessageList'
import { rememberThreadViewport } from './use-thread-virtualizer'
import { MessageMenu } from './MessageMenu'
import { ThreadHeader } from './ThreadHeader'

export function Thread({ chatId }: { chatId: string }) {
  const chat = useChatsStore((s) => s.byId[chatId])
  const titleId = useId()
  if (!chat) return null
  return (
    <section className="thread" aria-labelledby={titleId}>
      <DropZone chatId={chatId} title={chatTitle(chat)}>
        <ThreadHeader chat={chat} titleId={titleId} />
        <FindBar chatId={chatId} />
        <ThreadBody chat={chat} />
        <ThreadActivity chat={chat} />
        <Composer key={chatId} chatId={chatId} service={chat.service} />
      </DropZone>
      <MessageMenu />
      <DeleteConfirm />
      <Lightbox />
    </section>
  )
}

/** The messages or their loading / error state: the one part of the thread that changes when they arrive. */
function ThreadBody({ chat }: { chat: Chat }) {
  const chatId = chat.id
  const status = useMessagesStore((s) => s.threads[chatId]?.status ?? 'loading')
  const error = useMessagesStore((s) => s.threads[chatId]?.error ?? null)
  const body = useRef<HTMLDivElement>(null)
  // While the messages load, the list's viewport is already laid out: note its size for the list's first
  // render. (Read before the list exists, so the read costs no layout of its own.)
  useLayoutEffect(() => {
    if (status === 'ready' || !body.current) return
    rememberThreadViewport(body.current.clientWidth, body.current.clientHeight)
  }, [status, chatId])

  let content: ReactNode
  if (status === 'ready') content = <MessageList key={chatId} chat={chat} />
  else if (status === 'error')
    content = (
      <div className="thread__state" role="alert">
        <p>{error}</p>
        <Button onClick={() => void ensureThread(chatId)}>Try again</Button>
      </div>
    )
  else
    content = (
      <div className="thread__state" role="status">
        <span className="spinner" aria-hidden="true" />
        Loading messages…
      </div>
    )
  return (
    <div className="thread__body" ref={body}>
      {content}
    </div>
  )
}
