// The renderer's only way to main. Read at call time (not import time) so component tests can install a
// fake bridge per test.
import type { LinqBridge } from '../shared/contract'
import { isIpcError } from '../shared/errors'

export function linq(): LinqBridge {
  return window.linq
}

/** The user-facing words of a rejected bridge call (main writes IpcError messages for people). */
export function errorText(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  return isIpcError(error) ? error.message : fallback
}
