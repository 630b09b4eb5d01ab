// New rows at the end of the thread. The virtualizer follows them if the user is at the bottom; our own
// just-sent message scrolls down from anywhere; otherwise they are counted for the "new messages" pill.
// Screen readers hear inbound messages once.
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type Dispatch,
  type RefObject,
  type SetStateAction,
} from 'react'
import type { Chat } from '../../../shared/domain'
import { messageAt, useMessagesStore } from '../../state/messages'
import { chatTitle } from '../../ui/chat-text'
import { handleName } from '../../ui/format'
import { AT_BOTTOM_PX, type ThreadVirtualizer } from './use-thread-virtualizer'

export interface BottomWatch {
  /** Whether the user is at the newest message (within AT_BOTTOM_PX). */
  atBottom: RefObject<boolean>
  /** New rows that arrived while the user was not at the bottom. */
  unseen: number
  setUnseen: Dispatch<SetStateAction<number>>
  /** The virtualizer's onChange: notes where the user is; reaching the bottom clears the count. */
  onVirtualizerChange: (instance: ThreadVirtualizer) => void
}

/**
 * How far the viewport's bottom is from the end of the list, from the virtualizer's own model (the rows it
 * measured, the last scroll position it heard). Not instance.isAtEnd: that reads the element's
 * scrollHeight, which forces a layout whenever rows changed since the last frame, and this runs on every
 * scroll event and every row measurement (a tenth of the main thread while scrolling a long chat).
 */
function distanceFromEnd(instance: ThreadVirtualizer): number {
  const viewport = instance.scrollRect?.height ?? 0
  const top = instance.scrollOffset ?? 0
  return instance.getTotalSize() + instance.options.scrollMargin - viewport - top
}

/** Where the user is relative to the newest message. Called before the virtualizer that reports to it. */
export function useBottomWatch(): BottomWatch {
  const atBottom = useRef(true)
  const [unseen, setUnseen] = useState(0)
  const onVirtualizerChange = useCallback((instance: ThreadVirtualizer) => {
    const bottom = distanceFromEnd(instance) <= AT_BOTTOM_PX
    if (bottom === atBottom.current) return
    atBottom.current = bottom
    if (bottom) setUnseen(0)
  }, [])
  return { atBottom, unseen, setUnseen, onVirtualizerChange }
}

export interface NewMessages {
  /** What the live region says about the newest inbound message. */
  announcement: string
  /** The pill: back to the newest message. */
  scrollToBottom: () => void
}

export function useFollowNewMessages(
  chat: Chat,
  keys: string[],
  virtualizer: ThreadVirtualizer,
  bottom: BottomWatch,
): NewMessages {
  const chatId = chat.id
  const title = chatTitle(chat)
  const [announcement, setAnnouncement] = useState('')
  const { atBottom, setUnseen } = bottom
  const lastKey = keys[keys.length - 1]
  const previousLast = useRef(lastKey)
  useEffect(() => {
    const before = previousLast.current
    previousLast.current = lastKey
    if (lastKey === undefined || before === undefined || before === lastKey) return
    const thread = useMessagesStore.getState().threads[chatId]
    if (!thread || !messageAt(thread, lastKey)) return
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
      const from = chat.isGroup ? handleName(newest.from) : title
      setAnnouncement(`New message from ${from}: ${newest.text || 'attachment'}`)
    }
    if (!atBottom.current && appended.length > 0) setUnseen((n) => n + appended.length)
  }, [lastKey, chatId, chat.isGroup, title, virtualizer, atBottom, setUnseen])

  const scrollToBottom = () => {
    virtualizer.scrollToEnd()
    setUnseen(0)
  }
  return { announcement, scrollToBottom }
}
