// Sign-in is where users meet most errors: a pasted token with a missing character, a typo in a staging
// URL, no network. This turns whatever the validation call threw into plain words about what to check.
import { AppError, isIpcError } from '../../../shared/errors'

interface ApiErrorLike {
  kind?: unknown
  status?: unknown
  toIpc?: unknown
}

export function signInError(error: unknown, baseUrl: string): AppError {
  const host = new URL(baseUrl).host
  const e = (typeof error === 'object' && error !== null ? error : {}) as ApiErrorLike
  const status = typeof e.status === 'number' ? e.status : undefined
  const kind = typeof e.kind === 'string' ? e.kind : undefined

  if (status === 401 || status === 403) {
    return new AppError(
      'unauthorized',
      'Linq did not accept this token. Check that you copied the whole integration token, and that it has not been revoked.',
    )
  }
  if (status === 404 || status === 405 || kind === 'bad-response') {
    return new AppError(
      'bad-response',
      `${host} answered, but not like the Linq API. Check the API address (for Linq it is https://api.linqapp.com).`,
    )
  }
  if (status === 429) {
    return new AppError(
      'rate-limited',
      'Linq is limiting requests right now. Wait a minute and try again.',
      true,
    )
  }
  if (status !== undefined && status >= 500) {
    return new AppError(
      'server',
      `Linq is having trouble right now (error ${status}). Try again in a minute.`,
      true,
    )
  }
  if (kind === 'timeout') {
    return new AppError(
      'timeout',
      `${host} did not answer in time. Check your connection and the API address.`,
      true,
    )
  }
  if (kind === 'network') {
    return new AppError(
      'network',
      `Can't reach ${host}. Check your internet connection and the API address.`,
      true,
    )
  }
  if (typeof e.toIpc === 'function') {
    const ipc: unknown = (e.toIpc as () => unknown).call(error)
    if (isIpcError(ipc)) return new AppError(ipc.kind, ipc.message, ipc.retryable)
  }
  if (error instanceof AppError) return error
  return new AppError('internal', 'Signing in failed unexpectedly. Please try again.', true)
}
