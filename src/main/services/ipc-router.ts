// One dispatcher for every transport: check the sender, validate the input against the contract's zod
// schema, run the handler, and turn whatever it throws into the contract's IpcError. A payload that fails
// validation never reaches a service and is never logged (it may hold message text or a token).
import type { z } from 'zod'
import { invokeContract, preloadContract } from '../../shared/contract'
import { AppError, isIpcError, type IpcError, type IpcResult } from '../../shared/errors'
import type { Logger } from './log'
import { errorMessage } from '../../shared/error-message'

type Contract = Record<string, { input: z.ZodType; result: unknown }>

/** One handler per channel of a contract, taking the parsed input. */
export type HandlersOf<K extends Contract> = {
  [C in keyof K]: (input: z.output<K[C]['input']>) => Promise<K[C]['result']> | K[C]['result']
}
export type Handlers = HandlersOf<typeof invokeContract>
export type PreloadHandlers = HandlersOf<typeof preloadContract>

/** What the transport knows about the caller. */
export interface CallerInfo {
  /** True when the call comes from the app's own window (Electron: frame URL; web bridge: secret + origin). */
  trusted: boolean
}

export type Dispatch = (channel: string, input: unknown, caller: CallerInfo) => Promise<IpcResult<unknown>>

/** Errors from services may carry their own IpcError (AppError, LinqApiError) through `toIpc()`. */
function toIpcError(error: unknown): IpcError | null {
  if (error instanceof AppError) return error.toIpc()
  if (typeof error === 'object' && error !== null && 'toIpc' in error && typeof error.toIpc === 'function') {
    const converted: unknown = (error as { toIpc: () => unknown }).toIpc()
    if (isIpcError(converted)) return converted
  }
  return null
}

export function createIpcRouter(handlers: Handlers, log: Logger): Dispatch {
  return createRouter(invokeContract, handlers, log)
}

/** The same dispatcher over another contract (the Electron preload's own channels). */
export function createRouter<K extends Contract>(
  contract: K,
  handlers: HandlersOf<K>,
  log: Logger,
): Dispatch {
  const isChannel = (name: string): name is Extract<keyof K, string> =>
    Object.prototype.hasOwnProperty.call(contract, name)
  return async (channel, input, caller) => {
    if (!caller.trusted) {
      log.warn('ipc call refused: sender is not the app window', { channel: channel.slice(0, 64) })
      return {
        ok: false,
        error: { kind: 'forbidden-sender', message: 'This caller may not use the app.', retryable: false },
      }
    }
    if (!isChannel(channel)) {
      log.warn('ipc call to an unknown channel', { channel: channel.slice(0, 64) })
      return { ok: false, error: { kind: 'validation', message: 'Unknown action.', retryable: false } }
    }
    const parsed = contract[channel]!.input.safeParse(input)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      log.warn('ipc input rejected', {
        channel,
        path: issue?.path.join('.') ?? '',
        code: issue?.code ?? 'invalid',
      })
      return {
        ok: false,
        error: { kind: 'validation', message: issue?.message ?? 'Invalid input.', retryable: false },
      }
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown
      const value = await handler(parsed.data)
      return { ok: true, value }
    } catch (error) {
      const known = toIpcError(error)
      if (known) {
        log.info('ipc call failed', { channel, kind: known.kind })
        return { ok: false, error: known }
      }
      log.error('ipc handler crashed', {
        channel,
        error: errorMessage(error),
      })
      return {
        ok: false,
        error: { kind: 'internal', message: 'Something went wrong. Please try again.', retryable: true },
      }
    }
  }
}
