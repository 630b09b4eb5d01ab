// The thread's virtualizer (@tanstack/react-virtual, anchored to the end) and what lets it open at the
// newest message in the first frame the data arrives: the viewport as last seen and estimated row heights.
// Rows moving faster than a viewport per frame are drawn as placeholders.
import { useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react'
import type { Chat, Message } from '../../../shared/domain'
import { messageAt, useMessagesStore } from '../../state/messages'
import { bubbleTextWidth, estimateRowHeight, messageBreaks, OVERSCAN } from './row-layout'
import { ScrollSpeed } from './scroll-speed'

export type ThreadVirtualizer = Virtualizer<HTMLDivElement, HTMLDivElement>

/** A typical one-line row: the estimate for a row with no message yet. */
export const DEFAULT_ROW_HEIGHT = 56
/** The line above the first message ("Loading earlier messages…", "This is the beginning…"). */
export const THREAD_START_HEIGHT = 56
/** Space under the newest message. */
const LIST_END_PADDING = 12
/** Within this many pixels of the end counts as "at the bottom" (follow new messages, hide the pill). */
export const AT_BOTTOM_PX = 48

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

export interface ThreadVirtualizerOptions {
  chat: Chat
  /** The rows, oldest first. */
  keys: string[]
  scroller: RefObject<HTMLDivElement | null>
  /** Told of every scroll and resize (after the viewport is remembered). */
  onChange: (instance: ThreadVirtualizer) => void
}

export interface ThreadView {
  virtualizer: ThreadVirtualizer
  /** Rows are flying past too fast to read: draw placeholders instead of messages. */
  placeholders: boolean
  /** Starts rendering rows beyond the viewport's edges (after the first frame has painted). */
  revealOverscan: () => void
}

/**
 * Opens at the end: the first render already lays out the newest rows, and lands exactly on the end once
 * their real heights are known. (A thread opened at a given message would compute its offset here.)
 */
export function useThreadVirtualizer({
  chat,
  keys,
  scroller,
  onChange,
}: ThreadVirtualizerOptions): ThreadView {
  const [estimateRow] = useState(() => rowEstimator(chat.id, chat.isGroup))
  // The first frame builds only the rows in view; the rows beyond its edges follow once it has painted.
  const [overscan, setOverscan] = useState(0)
  const revealOverscan = useCallback(() => setOverscan(OVERSCAN), [])
  const onVirtualizerChange = useCallback(
    (instance: ThreadVirtualizer) => {
      if (instance.scrollRect) rememberThreadViewport(instance.scrollRect.width, instance.scrollRect.height)
      onChange(instance)
    },
    [onChange],
  )
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
    // Not a synchronous React render inside every scroll event: the renders of a frame's scroll events are
    // batched into one, after it. That cut the main thread's work while scrolling by a fifth and the frames
    // over 33 ms by about half; the overscan covers the frame the rows lag.
    useFlushSync: false,
  })
  useLayoutEffect(() => {
    virtualizer.scrollToEnd()
  }, [virtualizer])

  const speed = useScrollSpeed(scroller)
  return { virtualizer, placeholders: virtualizer.isScrolling && speed.tooFastToRead, revealOverscan }
}

/**
 * How fast the scroller moves. Measured in a capturing listener, so it is current when the virtualizer
 * re-renders for the same scroll event.
 */
function useScrollSpeed(scroller: RefObject<HTMLDivElement | null>): ScrollSpeed {
  const [speed] = useState(() => new ScrollSpeed())
  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const onScroll = () => speed.note(el.scrollTop, el.scrollHeight, el.clientHeight, performance.now())
    el.addEventListener('scroll', onScroll, { capture: true, passive: true })
    return () => el.removeEventListener('scroll', onScroll, { capture: true })
  }, [speed, scroller])
  return speed
}
