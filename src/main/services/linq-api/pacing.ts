// Client-side pacing of sends: per chat, one send at a time, in the order they were queued, each starting
// at least `intervalMs` after the previous one started. A burst typed into one chat then trickles out
// instead of running into Linq's rate limit, and the recipient sees the messages in order.
import { sleep } from '../async/delay'
import { createKeyedQueue } from '../async/serial'

export function createPacer(intervalMs: number) {
  const lanes = createKeyedQueue()
  /** When each chat's latest send started; only chats whose spacing still matters are kept. */
  const lastStart = new Map<string, number>()

  const started = (key: string) => {
    const now = Date.now()
    for (const [other, at] of lastStart) if (at + intervalMs <= now) lastStart.delete(other)
    lastStart.set(key, now)
  }

  return {
    /**
     * Runs `task` when its turn in `key`'s lane comes. If `signal` aborts while it waits, the returned promise
     * rejects at once with `aborted()` and the task never runs.
     */
    run<T>(
      key: string,
      task: () => Promise<T>,
      signal: AbortSignal | undefined,
      aborted: () => Error,
    ): Promise<T> {
      const turn = async () => {
        const wait = (lastStart.get(key) ?? 0) + intervalMs - Date.now()
        if (wait > 0) await sleep(wait, signal)
        started(key)
        return task()
      }
      return lanes.run(key, turn, signal).catch((error: unknown) => {
        throw signal?.aborted ? aborted() : error
      })
    },
  }
}
