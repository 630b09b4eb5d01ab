// The virtualized thread (react-virtuoso). Opens at the newest message; reaching the top loads an older page
// and prepends it through `firstItemIndex`, so the view does not jump; new messages follow the bottom only
// when the user is there, otherwise a "new messages" pill appears.
import {
  forwardRef,
  useCallback,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react'
import {
  Virtuoso,
  type Components,
  type FollowOutputScalarType,
  type ItemProps,
  type ListItem,
  type VirtuosoHandle,
} from 'react-virtuoso'
import type { Chat } from '../../../shared/domain'
import { loadOlder, threadPainted } from '../../state/actions'
import { useMessagesStore } from '../../state/messages'
import { chatTitle } from '../../ui/chat-text'
import { formatHandle } from '../../ui/format'
import { ArrowDownIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { MessageRow } from './MessageRow'

const EMPTY: string[] = []
/** A typical one-line row; lets Virtuoso skip its measuring probe on open. */
const DEFAULT_ROW_HEIGHT = 44

interface ListContext {
  chatId: string
  hasOlder: boolean
  loadingOlder: boolean
  olderError: string | null
}

const components: Components<string, ListContext> = {
  List: forwardRef<HTMLDivElement, { style?: CSSProperties; children?: ReactNode }>(function List(
    { style, children },
    ref,
  ) {
    return (
      <div ref={ref} style={style} role="list" className="message-list">
        {children}
      </div>
    )
  }),
  Item: function Item({ children, style, ...props }: ItemProps<string> & { context?: ListContext }) {
    return (
      <div
        style={style}
        role="listitem"
        className="message-list__item"
        data-index={props['data-index']}
        data-item-index={props['data-item-index']}
        data-known-size={props['data-known-size']}
      >
        {children}
      </div>
    )
  },
  Header: function Header({ context }: { context?: ListContext }) {
    if (!context) return null
    let body: ReactNode = null
    if (context.loadingOlder) body = <span role="status">Loading earlier messages…</span>
    else if (context.olderError)
      body = (
        <span role="alert">
          {context.olderError}{' '}
          <button type="button" className="link-button" onClick={() => void loadOlder(context.chatId)}>
            Try again
          </button>
        </span>
      )
    else if (!context.hasOlder) body = <span>This is the beginning of the conversation.</span>
    return <div className="thread-start">{body}</div>
  },
  EmptyPlaceholder: function EmptyPlaceholder() {
    return <p className="thread-empty">No messages yet. Write the first one below.</p>
  },
}

function startOfDay(ms: number): number {
  const d = new Date(ms)
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

export function MessageList({ chat }: { chat: Chat }) {
  const chatId = chat.id
  const keys = useMessagesStore((s) => s.threads[chatId]?.keys ?? EMPTY)
  const firstItemIndex = useMessagesStore((s) => s.threads[chatId]?.firstItemIndex ?? 0)
  const hasOlder = useMessagesStore((s) => s.threads[chatId]?.hasOlder ?? false)
  const loadingOlder = useMessagesStore((s) => s.threads[chatId]?.loadingOlder ?? false)
  const olderError = useMessagesStore((s) => s.threads[chatId]?.olderError ?? null)
  const today = startOfDay(useNow(60_000))
  const virtuoso = useRef<VirtuosoHandle>(null)
  const atBottom = useRef(true)
  const [unseen, setUnseen] = useState(0)
  const [announcement, setAnnouncement] = useState('')
  const title = chatTitle(chat)

  // New rows at the end: follow them if at the bottom (followOutput), scroll down for our own just-sent
  // message, otherwise count them for the pill. Screen readers hear inbound messages once.
  const lastKey = keys[keys.length - 1]
  const previousLast = useRef(lastKey)
  useEffect(() => {
    const before = previousLast.current
    previousLast.current = lastKey
    if (lastKey === undefined || before === undefined || before === lastKey) return
    const thread = useMessagesStore.getState().threads[chatId]
    const last = thread?.byKey[lastKey]
    if (!thread || !last) return
    const beforeIndex = thread.keys.lastIndexOf(before)
    // The old last row moved or vanished (e.g. a replaced local row): nothing new was appended.
    if (beforeIndex < 0) return
    const appended = thread.keys.slice(beforeIndex + 1).map((k) => thread.byKey[k]!)
    if (appended.some((m) => m.isFromMe && (m.status === 'queued' || m.status === 'sending'))) {
      virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' })
      return
    }
    const inbound = appended.filter((m) => !m.isFromMe)
    if (inbound.length > 0) {
      const newest = inbound[inbound.length - 1]!
      const from = chat.isGroup ? formatHandle(newest.from) : title
      setAnnouncement(`New message from ${from}: ${newest.text || 'attachment'}`)
    }
    if (!atBottom.current && appended.length > 0) setUnseen((n) => n + appended.length)
  }, [lastKey, chatId, chat.isGroup, title])

  const onAtBottom = useCallback((bottom: boolean) => {
    atBottom.current = bottom
    if (bottom) setUnseen(0)
  }, [])

  const followOutput = useCallback(
    (isAtBottom: boolean): FollowOutputScalarType => (isAtBottom ? 'auto' : false),
    [],
  )
  const startReached = useCallback(() => void loadOlder(chatId), [chatId])

  const itemContent = useCallback(
    (index: number, key: string) => (
      <MessageRow
        chatId={chatId}
        rowKey={key}
        prevKey={keys[index - firstItemIndex - 1]}
        service={chat.service}
        isGroupChat={chat.isGroup}
        otherName={title}
        today={today}
      />
    ),
    [chatId, keys, firstItemIndex, chat.service, chat.isGroup, title, today],
  )

  // Benchmark mark: the first frame painted with rows (or with none, for an empty chat), after the data mark
  // in ensureThread. This component is keyed by chat, so the ref starts fresh per chat.
  const painted = useRef(false)
  const schedulePainted = useCallback(() => {
    if (painted.current) return
    painted.current = true
    performance.mark('linq:thread-rows')
    // The callback of the next frame runs before that frame paints; the task after it runs once it has.
    requestAnimationFrame(() => setTimeout(() => threadPainted(chatId)))
  }, [chatId])
  // Counted only once the newest message is among the rendered rows: that is the view the user opened.
  const onItemsRendered = useCallback(
    (items: ListItem<string>[]) => {
      if (lastKey !== undefined && items.some((item) => item.data === lastKey)) schedulePainted()
    },
    [schedulePainted, lastKey],
  )
  const empty = keys.length === 0
  useEffect(() => {
    if (empty) schedulePainted()
  }, [empty, schedulePainted])

  // Up/Down move focus between messages (from the list itself, or from a focused message); the focused
  // message then takes its own keys (r, e, Delete, menu key).
  const scroller = useRef<HTMLElement | null>(null)
  const onScrollerRef = useCallback((el: HTMLElement | Window | null) => {
    scroller.current = el instanceof HTMLElement ? el : null
  }, [])
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    const root = scroller.current
    const target = event.target as HTMLElement
    const onMessage = target.dataset.testid === 'message'
    if (!root || (!onMessage && target !== root)) return
    const messages = [...root.querySelectorAll<HTMLElement>('[data-testid="message"]')]
    if (messages.length === 0) return
    let next: HTMLElement | undefined
    if (onMessage) {
      const index = messages.indexOf(target)
      next = messages[event.key === 'ArrowUp' ? index - 1 : index + 1]
      // Past the first rendered row: scroll a little so the list renders (or loads) more above.
      if (!next && event.key === 'ArrowUp') root.scrollBy({ top: -DEFAULT_ROW_HEIGHT })
      if (!next) return
    } else {
      // From the list itself: the newest message that is on screen.
      const view = root.getBoundingClientRect()
      const visible = messages.filter((m) => {
        const r = m.getBoundingClientRect()
        return r.bottom > view.top && r.top < view.bottom
      })
      next =
        event.key === 'ArrowUp' ? (visible[visible.length - 1] ?? messages[messages.length - 1]) : visible[0]
      if (!next) return
    }
    event.preventDefault()
    next.focus({ preventScroll: true })
    next.scrollIntoView?.({ block: 'nearest' })
  }

  const context: ListContext = { chatId, hasOlder, loadingOlder, olderError }
  const scrollToBottom = () => {
    virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' })
    setUnseen(0)
  }

  return (
    <div className="message-list-frame" onKeyDown={onKeyDown}>
      <Virtuoso<string, ListContext>
        ref={virtuoso}
        scrollerRef={onScrollerRef}
        className="message-scroller"
        role="region"
        aria-label={`Messages with ${title}`}
        tabIndex={0}
        data={keys}
        context={context}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        computeItemKey={(_index, key) => key}
        itemContent={itemContent}
        components={components}
        defaultItemHeight={DEFAULT_ROW_HEIGHT}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        followOutput={followOutput}
        atBottomStateChange={onAtBottom}
        atBottomThreshold={48}
        startReached={startReached}
        itemsRendered={onItemsRendered}
      />
      {unseen > 0 && (
        <button type="button" className="new-messages-pill" onClick={scrollToBottom}>
          <ArrowDownIcon /> {unseen === 1 ? '1 new message' : `${unseen} new messages`}
        </button>
      )}
      <div className="sr-only" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
}
