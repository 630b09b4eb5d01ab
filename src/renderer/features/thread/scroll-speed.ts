// How fast the thread is scrolling, from its scroll events: the list draws placeholders while it moves too
// fast for anyone to read.
/** One frame at 60 Hz. */
const FRAME_MS = 1000 / 60

/**
 * How fast the thread is scrolling. Above a viewport per frame (dragging the scrollbar through history)
 * every frame shows an entirely new screen that no one can read, so rows are drawn as placeholders of their
 * size and the frame stays cheap; the messages render as soon as the scrolling slows or stops.
 */
export class ScrollSpeed {
  private top = 0
  private height = 0
  private time = Number.NEGATIVE_INFINITY
  tooFastToRead = false

  /**
   * One scroll event. Movement that the content's own growth explains is not the reader's: an older page
   * prepended above (or rows above measured taller) moves scrollTop by as much as the content grew, to keep
   * the view still.
   */
  note(top: number, contentHeight: number, viewport: number, now: number): void {
    const elapsed = now - this.time
    const moved = top - this.top - (contentHeight - this.height)
    this.tooFastToRead = elapsed < 100 && Math.abs(moved) > viewport * Math.max(1, elapsed / FRAME_MS)
    this.top = top
    this.height = contentHeight
    this.time = now
  }
}
