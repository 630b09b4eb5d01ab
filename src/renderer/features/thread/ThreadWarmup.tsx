// The first chat opened after the app starts used to take twice as long as any later one: the page was
// cold (the row code not yet compiled, the fonts not yet loaded and shaped, nothing of a thread ever
// rastered). So once the chat list is up and the page is idle, the thread's own row code renders one
// screenful of rows, once, in the empty conversation pane under its "Choose a chat" panel, and is then
// removed. The rows are made from the chat list's previews already in memory: the warm-up asks main for
// nothing (no message page, no sync pull, no read receipt), holds no focus and is hidden from assistive
// technology. Opening a chat, a key or a pointer press before it runs cancels it.
import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { Chat, Message } from '../../../shared/domain'
import { THREAD_WARMED_MARK } from '../../state/actions/thread'
import { useChatsStore } from '../../state/chats'
import { useUiStore } from '../../state/ui'
import { MessageRowView, type PreviousRow } from './MessageRow'
import { senderOf } from './row-layout'

/** About one screenful of rows. */
const WARMUP_ROWS = 16
/** The longest the warm-up waits for an idle moment after the chat list is up. */
const IDLE_TIMEOUT_MS = 2_000

type Phase = 'waiting' | 'rendering' | 'done'

/**
 * Runs `task` when the page is idle (or after `timeout` ms at the latest); returns the cancel. Where the page
 * cannot tell when it is idle (no requestIdleCallback, as in jsdom) the warm-up is not worth the risk of
 * competing with the user: the task never runs.
 */
function whenIdle(task: () => void, timeout: number): () => void {
  if (typeof requestIdleCallback !== 'function') return () => undefined
  const handle = requestIdleCallback(task, { timeout })
  return () => cancelIdleCallback(handle)
}

/** The newest message of each of the first chats in the list, as thread rows, oldest first. */
export function warmupMessages(chats: readonly Chat[]): Message[] {
  return chats
    .flatMap((chat, i): Message[] => {
      const preview = chat.lastMessage
      if (!preview) return []
      return [
        {
          id: `warmup-${i}`,
          chatId: chat.id,
          localId: null,
          text: preview.text || (preview.attachmentSummary ?? ''),
          sentAt: preview.sentAt,
          isFromMe: preview.isFromMe,
          from: preview.isFromMe ? '' : chat.title,
          status: preview.isFromMe ? 'delivered' : 'received',
          failure: null,
          upload: null,
          editedAt: null,
          attachments: [],
          reactions: [],
        },
      ]
    })
    .sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt))
}

export function ThreadWarmup() {
  const [phase, setPhase] = useState<Phase>('waiting')
  const ready = useChatsStore((s) => s.loaded && s.order.length > 0)

  useEffect(() => {
    if (phase !== 'waiting' || !ready) return
    // The user got there first: a real open (or what they type) must not wait behind the warm-up.
    const cancel = () => setPhase('done')
    if (useUiStore.getState().activeChatId !== null) return cancel()
    const stopIdle = whenIdle(() => startTransition(() => setPhase('rendering')), IDLE_TIMEOUT_MS)
    const stopWatching = useUiStore.subscribe((s) => {
      if (s.activeChatId !== null) cancel()
    })
    window.addEventListener('keydown', cancel, { capture: true })
    window.addEventListener('pointerdown', cancel, { capture: true })
    return () => {
      stopIdle()
      stopWatching()
      window.removeEventListener('keydown', cancel, { capture: true })
      window.removeEventListener('pointerdown', cancel, { capture: true })
    }
  }, [phase, ready])

  return phase === 'rendering' ? <WarmupRows onDone={() => setPhase('done')} /> : null
}

/** The rows, laid out and measured as the thread measures its rows, kept until they have been painted. */
function WarmupRows({ onDone }: { onDone: () => void }) {
  const [messages] = useState(() => {
    const { order, byId } = useChatsStore.getState()
    return warmupMessages(order.slice(0, WARMUP_ROWS).map((id) => byId[id]!))
  })
  const list = useRef<HTMLDivElement>(null)
  const done = useRef(onDone)
  useLayoutEffect(() => {
    // The virtualizer reads each new row's height as it mounts: the same forced layout, done here once.
    let top = 0
    for (const item of list.current?.children ?? []) {
      ;(item as HTMLElement).style.transform = `translateY(${top}px)`
      top += (item as HTMLElement).offsetHeight
    }
    let frame = requestAnimationFrame(() => {
      // The frame after the one that painted the rows: by then they have been rastered too.
      frame = requestAnimationFrame(() => {
        performance.mark(THREAD_WARMED_MARK)
        done.current()
      })
    })
    return () => cancelAnimationFrame(frame)
  }, [])

  const today = new Date().setHours(0, 0, 0, 0)
  const previousOf = (i: number): PreviousRow | null => {
    const above = messages[i - 1]
    return above ? { time: Date.parse(above.sentAt), sender: senderOf(above) } : null
  }
  return (
    <div className="thread-warmup" aria-hidden="true" inert>
      <div className="message-scroller">
        <div className="message-list" ref={list}>
          {messages.map((message, i) => (
            <div key={message.id} className="message-list__item">
              <MessageRowView
                chatId={message.chatId}
                rowKey={message.id}
                message={message}
                previous={previousOf(i)}
                service={null}
                isGroupChat={false}
                otherName={message.from}
                today={today}
                found={false}
                editing={false}
              />
            </div>
          ))}
        </div>
      </div>
    </div>
  )
}
