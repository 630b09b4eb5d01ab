// The virtualized thread. It opens at the newest message in the first frame the data arrives; reaching the
// top loads an older page and prepends it, and the end anchor keeps the message being read where it was.
// New messages follow the bottom only when the user is there, otherwise a "new messages" pill appears.
// Each behaviour is a hook of its own: use-thread-virtualizer (layout, opening at the end, placeholders
// while flying past), use-first-paint, use-load-older, use-follow-new-messages, use-message-keyboard.
import { useRef } from 'react'
import type { Chat } from '../../../shared/domain'
import { useMessagesStore } from '../../state/messages'
import { chatTitle } from '../../ui/chat-text'
import { ArrowDownIcon } from '../../ui/icons'
import { useJumpToMessage } from '../search/use-jump'
import { useNow } from '../../ui/use-now'
import { MessageRow } from './MessageRow'
import { ThreadStart } from './ThreadStart'
import { useFirstPaint } from './use-first-paint'
import { useBottomWatch, useFollowNewMessages } from './use-follow-new-messages'
import { useLoadOlderNearTop } from './use-load-older'
import { useMessageKeyboard } from './use-message-keyboard'
import { THREAD_START_HEIGHT, useThreadVirtualizer } from './use-thread-virtualizer'

const EMPTY: string[] = []

function startOfDay(ms: number): number {
  const d = new Date(ms)
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

export function MessageList({ chat }: { chat: Chat }) {
  const chatId = chat.id
  const keys = useMessagesStore((s) => s.threads[chatId]?.keys ?? EMPTY)
  const today = startOfDay(useNow(60_000))
  const scroller = useRef<HTMLDivElement | null>(null)
  const title = chatTitle(chat)

  const bottom = useBottomWatch()
  const { virtualizer, placeholders, revealOverscan } = useThreadVirtualizer({
    chat,
    keys,
    scroller,
    onChange: bottom.onVirtualizerChange,
  })
  const rows = virtualizer.getVirtualItems()
  const { announcement, scrollToBottom } = useFollowNewMessages(chat, keys, virtualizer, bottom)
  useLoadOlderNearTop(chatId, rows[0]?.index, keys.length)
  useJumpToMessage(chatId, keys, virtualizer)
  const lastKey = keys[keys.length - 1]
  useFirstPaint(chatId, lastKey === undefined || rows.some((row) => row.key === lastKey), revealOverscan)
  const onKeyDown = useMessageKeyboard(scroller)

  return (
    <div className="message-list-frame" onKeyDown={onKeyDown}>
      <div
        ref={scroller}
        className="message-scroller"
        data-testid="message-scroller"
        role="region"
        aria-label={`Messages with ${title}`}
        tabIndex={0}
      >
        {keys.length === 0 ? (
          <p className="thread-empty">No messages yet. Write the first one below.</p>
        ) : (
          <>
            <ThreadStart chatId={chatId} />
            <div role="list" className="message-list" style={{ height: virtualizer.getTotalSize() }}>
              {rows.map((row) => (
                <div
                  key={row.key}
                  // A placeholder is not measured: it must not replace the row's real height.
                  ref={placeholders ? undefined : virtualizer.measureElement}
                  data-index={row.index}
                  role="listitem"
                  className={`message-list__item${placeholders ? ' message-list__item--placeholder' : ''}`}
                  style={{
                    transform: `translateY(${row.start - THREAD_START_HEIGHT}px)`,
                    height: placeholders ? row.size : undefined,
                  }}
                >
                  {!placeholders && (
                    <MessageRow
                      chatId={chatId}
                      rowKey={keys[row.index]!}
                      prevKey={keys[row.index - 1]}
                      service={chat.service}
                      isGroupChat={chat.isGroup}
                      otherName={title}
                      today={today}
                    />
                  )}
                </div>
              ))}
            </div>
          </>
        )}
      </div>
      {bottom.unseen > 0 && (
        <button type="button" className="new-messages-pill" onClick={scrollToBottom}>
          <ArrowDownIcon /> {bottom.unseen === 1 ? '1 new message' : `${bottom.unseen} new messages`}
        </button>
      )}
      <div className="sr-only" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
}
