// The web bridge's calls waiting for their answer frame. Every call settles: with its answer, with a
// `timeout` error when none comes in time (a dropped or unanswerable frame), or with `disconnected` when
// the socket closes. A late answer after a timeout is ignored.
import { CALL_TIMEOUTS_MS, DEFAULT_CALL_TIMEOUT_MS, type ChannelName } from '../shared/contract'
import type { IpcResult } from '../shared/errors'

export const TIMED_OUT: IpcResult<never> = {
  ok: false,
  error: { kind: 'timeout', message: 'The app did not answer in time. Try again.', retryable: true },
}

export function createPendingCalls(
  timeoutFor = (channel: ChannelName) => CALL_TIMEOUTS_MS[channel] ?? DEFAULT_CALL_TIMEOUT_MS,
) {
  const pending = new Map<
    number,
    { settle: (result: IpcResult<unknown>) => void; timer: ReturnType<typeof setTimeout> }
  >()
  let nextId = 1
  const finish = (id: number, result: IpcResult<unknown>) => {
    const call = pending.get(id)
    if (!call) return
    pending.delete(id)
    clearTimeout(call.timer)
    call.settle(result)
  }
  return {
    /** A new call: its frame id, and the promise of its result. */
    start(channel: ChannelName): { id: number; result: Promise<IpcResult<unknown>> } {
      const id = nextId++
      const result = new Promise<IpcResult<unknown>>((settle) => {
        const timer = setTimeout(() => finish(id, TIMED_OUT), timeoutFor(channel))
        pending.set(id, { settle, timer })
      })
      return { id, result }
    },
    answer: (id: number, result: IpcResult<unknown>) => finish(id, result),
    /** The socket closed: every waiting call gets `result`. */
    failAll(result: IpcResult<unknown>): void {
      for (const id of [...pending.keys()]) finish(id, result)
    },
    get size(): number {
      return pending.size
    },
  }
}
