// Client-side pacing of sends: per chat, one send at a time, in the order they were queued, each starting
// at least `intervalMs` after the previous one started. A burst typed into one chat then trickles out
// instead of running into Linq's rate limit, and the recipient sees the messages in order.
import { sleep } from '../async/delay'

interface Lane {
  tail: Promise<void>
  notBefore: number
  queued: number
}

export function createPacer(intervalMs: number) {
  const lanes = new Map<string, Lane>()

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
      let lane = lanes.get(key)
      if (!lane) {
        lane = { tail: Promise.resolve(), notBefore: 0, queued: 0 }
        lanes.set(key, lane)
      }
      const current = lane
      current.queued++
      const turn = current.tail.then(async () => {
        if (signal?.aborted) throw aborted()
        const wait = current.notBefore - Date.now()
        if (wait > 0) await sleep(wait)
        if (signal?.aborted) throw aborted()
        current.notBefore = Date.now() + intervalMs
        return task()
      })
      current.tail = turn.then(
        () => undefined,
        () => undefined,
      )
      void current.tail.then(() => {
        // Forget idle lanes once their spacing no longer matters, so the map does not grow with every chat.
        if (--current.queued === 0 && lanes.get(key) === current && Date.now() >= current.notBefore)
          lanes.delete(key)
      })
      if (!signal) return turn
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(aborted())
        if (signal.aborted) return onAbort()
        signal.addEventListener('abort', onAbort, { once: true })
        turn.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
      })
    },
  }
}
