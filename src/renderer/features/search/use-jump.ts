// The thread scrolls to the message a search opened it at, once that message's row is loaded, and again
// when its height is measured (rows above it are estimated until they render).
import { useEffect } from 'react'
import { rowKeyOf, useMessagesStore } from '../../state/messages'
import { useSearchStore } from '../../state/search'
import type { ThreadVirtualizer } from '../thread/use-thread-virtualizer'

export function useJumpToMessage(chatId: string, keys: string[], virtualizer: ThreadVirtualizer): void {
  const jump = useSearchStore((s) => (s.jump?.chatId === chatId ? s.jump : null))
  useEffect(() => {
    if (!jump) return
    const key = rowKeyOf(useMessagesStore.getState().threads[chatId], jump.messageId)
    const index = key === undefined ? -1 : keys.indexOf(key)
    if (index < 0) return
    virtualizer.scrollToIndex(index, { align: 'center' })
    // Rows measured on the way change the offset: settle on the row once they have rendered.
    const frames = [1, 2, 3].map((n) =>
      setTimeout(() => virtualizer.scrollToIndex(index, { align: 'center' }), n * 50),
    )
    return () => frames.forEach(clearTimeout)
    // Scroll when the target or its position changes, not on every render of the virtualizer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump, keys, chatId])
}

/** The message a search opened this thread at. */
export function useIsJumpTarget(chatId: string, messageId: string | undefined): boolean {
  return useSearchStore((s) => s.jump !== null && s.jump.chatId === chatId && s.jump.messageId === messageId)
}
