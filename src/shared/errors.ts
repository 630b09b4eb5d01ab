// The one error shape that crosses IPC. It is plain data (structured-clone safe) and its message is
// written for the user: never a stack, a payload or the token.

export const ERROR_KINDS = [
  'validation', // the caller sent something the contract does not accept
  'unauthorized', // Linq refused the token (401/403)
  'not-found',
  'rate-limited',
  'network', // no connection, DNS, reset
  'timeout',
  'aborted',
  'server', // Linq 5xx
  'bad-response', // Linq answered something that is not the documented shape
  'refused', // other 4xx from Linq
  'file', // an attachment could not be read / is too large / is a folder
  'keychain',
  'not-signed-in',
  'forbidden-sender', // IPC from something that is not our window
  'internal',
] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]

export interface IpcError {
  kind: ErrorKind
  message: string
  retryable: boolean
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** Thrown by services when the error is already fit for the user; the router passes it through as is. */
export class AppError extends Error {
  readonly kind: ErrorKind
  readonly retryable: boolean
  constructor(kind: ErrorKind, message: string, retryable = false) {
    super(message)
    this.name = 'AppError'
    this.kind = kind
    this.retryable = retryable
  }
  toIpc(): IpcError {
    return { kind: this.kind, message: this.message, retryable: this.retryable }
  }
}

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.kind === 'string' &&
    (ERROR_KINDS as readonly string[]).includes(v.kind) &&
    typeof v.message === 'string' &&
    typeof v.retryable === 'boolean'
  )
}
