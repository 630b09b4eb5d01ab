// Running tasks one at a time: per key (the writes to one chat, the sends to one chat) or for one resource
// (sign-in and sign-out). Tasks run in the order they were added; a failure is its caller's and never stops
// the tasks behind it. A key's entry is dropped once its queue is empty, so the map does not grow.

export interface KeyedQueue {
  /**
   * Runs `task` after every task added before it under `key`. If `signal` aborts while the task waits, the
   * promise rejects at once with the signal's reason and the task never runs.
   */
  run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** Keys with a task running or waiting. */
  size(): number
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>()

  return {
    run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const turn = async () => {
        signal?.throwIfAborted()
        return task()
      }
      const previous = tails.get(key) ?? Promise.resolve()
      const run = previous.then(turn, turn)
      const settled = run.catch(() => undefined)
      tails.set(key, settled)
      void settled.then(() => {
        if (tails.get(key) === settled) tails.delete(key)
      })
      return signal ? abortable(run, signal) : run
    },
    size: () => tails.size,
  }
}

export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>
}

/** One queue: each task starts when the one before it has settled. */
export function createSerialQueue(): SerialQueue {
  const queue = createKeyedQueue()
  return { run: (task) => queue.run('', task) }
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
