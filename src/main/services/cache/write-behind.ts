// Writes gathered for `delayMs` before they go to disk, so a burst of changes to one chat is one write.
// A write that fails (a full disk, a vanished folder) keeps its name dirty: the data stays in memory and
// goes out with the next write.
import { errorMessage } from '../../../shared/error-message'
import { delayTimer } from '../async/delay'
import type { Logger } from '../log'

export interface WriteBehind {
  /** `name` changed: write it within `delayMs`, after the names marked before it. */
  mark(name: string): void
  /** `name` is gone: do not write it. */
  forget(name: string): void
  /** Writes everything pending now. */
  flush(): void
  /** Flushes, then ignores further marks. */
  close(): void
}

export function createWriteBehind(options: {
  delayMs: number
  logger: Logger
  write(name: string): void
}): WriteBehind {
  const dirty = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  let closed = false

  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    for (const name of [...dirty]) {
      dirty.delete(name)
      try {
        options.write(name)
      } catch (error) {
        dirty.add(name)
        options.logger.error('cache write failed', { file: name, error: errorMessage(error) })
        return
      }
    }
  }

  return {
    mark(name) {
      if (closed) return
      // Marked again, a name moves to the end: what is marked last is written last (the list's head,
      // after the pages it is derived from).
      dirty.delete(name)
      dirty.add(name)
      timer ??= delayTimer(flush, options.delayMs)
    },
    forget: (name) => void dirty.delete(name),
    flush,
    close() {
      flush()
      closed = true
    },
  }
}
