// The virtualized thread (@tanstack/react-virtual, anchored to the end). It opens at the newest message in
// the first frame the data arrives; reaching the top loads an older page and prepends it, and the end anchor
// keeps the message being read where it was. New messages follow the bottom only when the user is there,
// otherwise a "new messages" pill appears.
import { useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react'
import type { Chat, Message } from '../../../shared/domain'
import { loadOlder, threadPainted } from '../../state/actions/thread'
import { messageAt, useMessagesStore } from '../../state/messages'
import { chatTitle } from '../../ui/chat-text'
import { formatHandle } from '../../ui/format'
import { ArrowDownIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { MessageRow } from './MessageRow'
import { bubbleTextWidth, estimateRowHeight, messageBreaks } from './row-layout'
import { ScrollSpeed } from './scroll-speed'

const EMPTY: string[] = []
/** A typical one-line row: the step of the arrow keys past the first rendered row. */
const DEFAULT_ROW_HEIGHT = 56
/** The line above the first message ("Loading earlier messages…", "This is the beginning…"). */
const THREAD_START_HEIGHT = 56
/** Space under the newest message. */
const LIST_END_PADDING = 12
/** Rows rendered beyond each edge of the viewport, once the thread's first frame has painted. */
const OVERSCAN = 4
/** Within this many pixels of the end counts as "at the bottom" (follow new messages, hide the pill). */
const AT_BOTTOM_PX = 48
/** Older history is requested when the rendered rows come this close to the oldest loaded one. */
const LOAD_OLDER_WITHIN_ROWS = 10

// The thread viewport as last seen (Thread measures its body while the messages load), so the list renders
// exactly the newest rows in its first frame instead of rendering for no viewport and correcting after.
let lastViewport: Rect = { width: 0, height: 0 }
/** The bubble text width for lastViewport: worked out when its width changes, not on every render. */
let lastTextWidth: number | null = null

export function rememberThreadViewport(width: number, height: number): void {
  if (height <= 0) return
  if (width !== lastViewport.width) lastTextWidth = null
  lastViewport = { width, height }
}

function threadTextWidth(): number {
  lastTextWidth ??= bubbleTextWidth(lastViewport.width, window.innerWidth)
  return lastTextWidth
}

function startOfDay(ms: number): number {
  const d = new Date(ms)
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

interface Estimate {
  previous: Message | undefined
  textWidth: number
  height: number
}

/**
 * Estimated row heights, kept per message object: the virtualizer asks again for every row not yet measured
 * whenever the rows change (an older page prepended), and a message's estimate changes only with the message,
 * the one before it or the width.
 */
function rowEstimator(chatId: string, isGroupChat: boolean) {
  const cache = new WeakMap<Message, Estimate>()
  // `keys` are the rows as rendered: the store may already hold newer ones.
  return (keys: string[], index: number, textWidth: number): number => {
    const thread = useMessagesStore.getState().threads[chatId]
    const key = keys[index]
    const message = key === undefined ? undefined : messageAt(thread, key)
    if (!message) return DEFAULT_ROW_HEIGHT
    const previousKey = keys[index - 1]
    const previous = previousKey === undefined ? undefined : messageAt(thread, previousKey)
    const known = cache.get(message)
    if (known && known.previous === previous && known.textWidth === textWidth) return known.height
    const height = estimateRowHeight(message, messageBreaks(message, previous), isGroupChat, textWidth)
    cache.set(message, { previous, textWidth, height })
    return height
  }
}

export function MessageList({ chat }: { chat: Chat }) {
  const chatId = chat.id
  const keys = useMessagesStore((s) => s.threads[chatId]?.keys ?? EMPTY)
  const hasOlder = useMessagesStore((s) => s.threads[chatId]?.hasOlder ?? false)
  const loadingOlder = useMessagesStore((s) => s.threads[chatId]?.loadingOlder ?? false)
  const olderError = useMessagesStore((s) => s.threads[chatId]?.olderError ?? null)
  const today = startOfDay(useNow(60_000))
  const scroller = useRef<HTMLDivElement | null>(null)
  const atBottom = useRef(true)
  const [unseen, setUnseen] = useState(0)
  const [announcement, setAnnouncement] = useState('')
  const title = chatTitle(chat)
  const [estimateRow] = useState(() => rowEstimator(chatId, chat.isGroup))
  // The first frame builds only the rows in view; the rows beyond its edges follow once it has painted.
  const [overscan, setOverscan] = useState(0)

  const onVirtualizerChange = useCallback((instance: Virtualizer<HTMLDivElement, HTMLDivElement>) => {
    if (instance.scrollRect) rememberThreadViewport(instance.scrollRect.width, instance.scrollRect.height)
    const bottom = instance.isAtEnd(AT_BOTTOM_PX)
    if (bottom === atBottom.current) return
    atBottom.current = bottom
    if (bottom) setUnseen(0)
  }, [])
  // Stable while the rows are: the virtualizer lays out every row again whenever this function changes.
  const getItemKey = useCallback((index: number) => keys[index]!, [keys])
  const textWidth = threadTextWidth()
  // This app is not built with React Compiler; the virtualizer is read afresh on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: keys.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => estimateRow(keys, index, textWidth),
    getItemKey,
    initialRect: lastViewport,
    // Opens at the end: the first render already lays out the newest rows.
    initialOffset: () => {
      let content = THREAD_START_HEIGHT + LIST_END_PADDING
      for (let i = 0; i < keys.length; i++) content += estimateRow(keys, i, textWidth)
      return Math.max(0, content - lastViewport.height)
    },
    scrollMargin: THREAD_START_HEIGHT,
    paddingEnd: LIST_END_PADDING,
    overscan,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_BOTTOM_PX,
    onChange: onVirtualizerChange,
  })
  const rows = virtualizer.getVirtualItems()

  // Measured in a capturing listener, so it is current when the virtualizer re-renders for the same event.
  const [speed] = useState(() => new ScrollSpeed())
  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const onScroll = () => speed.note(el.scrollTop, el.scrollHeight, el.clientHeight, performance.now())
    el.addEventListener('scroll', onScroll, { capture: true, passive: true })
    return () => el.removeEventListener('scroll', onScroll, { capture: true })
  }, [speed])
  const placeholders = virtualizer.isScrolling && speed.tooFastToRead

  // Lands exactly on the end once the real row heights are known (they replace the estimates above).
  useLayoutEffect(() => {
    virtualizer.scrollToEnd()
  }, [virtualizer])

  // New rows at the end: the virtualizer follows them if the user is at the bottom; our own just-sent
  // message scrolls down from anywhere; otherwise they are counted for the pill. Screen readers hear
  // inbound messages once.
  const lastKey = keys[keys.length - 1]
  const previousLast = useRef(lastKey)
  useEffect(() => {
    const before = previousLast.current
    previousLast.current = lastKey
    if (lastKey === undefined || before === undefined || before === lastKey) return
    const thread = useMessagesStore.getState().threads[chatId]
    const last = messageAt(thread, lastKey)
    if (!thread || !last) return
    const beforeIndex = thread.keys.lastIndexOf(before)
    // The old last row moved or vanished (e.g. a replaced local row): nothing new was appended.
    if (beforeIndex < 0) return
    const appended = thread.keys.slice(beforeIndex + 1).map((k) => messageAt(thread, k)!)
    if (appended.some((m) => m.isFromMe && (m.status === 'queued' || m.status === 'sending'))) {
      virtualizer.scrollToEnd()
      return
    }
    const inbound = appended.filter((m) => !m.isFromMe)
    if (inbound.length > 0) {
      const newest = inbound[inbound.length - 1]!
      const from = chat.isGroup ? formatHandle(newest.from) : title
      setAnnouncement(`New message from ${from}: ${newest.text || 'attachment'}`)
    }
    if (!atBottom.current && appended.length > 0) setUnseen((n) => n + appended.length)
  }, [lastKey, chatId, chat.isGroup, title, virtualizer])

  // Near the oldest loaded row: fetch the page before it (loadOlder ignores repeats while one is loading).
  const firstRendered = rows[0]?.index
  useEffect(() => {
    if (firstRendered !== undefined && firstRendered < LOAD_OLDER_WITHIN_ROWS) void loadOlder(chatId)
  }, [firstRendered, chatId, keys.length])

  // The first frame painted with the newest message (or with none, for an empty chat): closes the benchmark's
  // data → painted measurement begun in ensureThread, then lets the overscan rows in. This component is keyed
  // by chat, so the ref starts fresh per chat.
  const painted = useRef(false)
  // The callbacks below can outlive the list (a chat closed within a frame): they then do nothing.
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  const showsNewest = lastKey === undefined || rows.some((row) => row.key === lastKey)
  useLayoutEffect(() => {
    if (painted.current || !showsNewest) return
    painted.current = true
    performance.mark('linq:thread-rows')
    // The callback of the next frame runs before that frame paints; the task after it runs once it has.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (!mounted.current) return
        threadPainted(chatId)
        setOverscan(OVERSCAN)
      }),
    )
  }, [showsNewest, chatId])

  // Up/Down move focus between messages (from the list itself, or from a focused message); the focused
  // message then takes its own keys (r, e, Delete, menu key).
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

  const scrollToBottom = () => {
    virtualizer.scrollToEnd()
    setUnseen(0)
  }

  let start: ReactNode = null
  if (loadingOlder) start = <span role="status">Loading earlier messages…</span>
  else if (olderError)
    start = (
      <span role="alert">
        {olderError}{' '}
        <button type="button" className="link-button" onClick={() => void loadOlder(chatId)}>
          Try again
        </button>
      </span>
    )
  else if (!hasOlder) start = <span>This is the beginning of the conversation.</span>

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
            <div className="thread-start" style={{ height: THREAD_START_HEIGHT }}>
              {start}
            </div>
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
