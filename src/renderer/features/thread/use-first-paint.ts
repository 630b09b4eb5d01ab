// The thread's first painted frame: the benchmark's data → painted measurement (begun in ensureThread) ends
// there, and only then are rows beyond the viewport rendered, so the first frame builds just what is seen.
import { useEffect, useLayoutEffect, useRef } from 'react'
import { threadPainted } from '../../state/actions/thread'

/**
 * Once `shown` (the row the thread opens at is rendered: the newest one, or none for an empty chat), waits
 * for the frame that paints it, then reports it and calls `then`. Once per mounted list: the list is keyed
 * by chat, so each chat starts afresh.
 */
export function useFirstPaint(chatId: string, shown: boolean, then: () => void): void {
  const painted = useRef(false)
  // The callbacks below can outlive the list (a chat closed within a frame): they then do nothing.
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  useLayoutEffect(() => {
    if (painted.current || !shown) return
    painted.current = true
    performance.mark('linq:thread-rows')
    // The callback of the next frame runs before that frame paints; the task after it runs once it has.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (!mounted.current) return
        threadPainted(chatId)
        then()
      }),
    )
  }, [shown, chatId, then])
}
