// Work that must not delay the frame being built: it runs once that frame has been painted.

/** How long to wait for a frame that may never come: a hidden window (started in the tray) paints none. */
const NO_FRAME_MS = 250

/** Resolves after the next frame has painted (a task queued from requestAnimationFrame runs after it). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, NO_FRAME_MS)
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback)
        resolve()
      }, 0),
    )
  })
}
