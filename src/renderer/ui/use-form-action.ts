// A form's one call to main at a time: busy while it runs, and its failure in words (main's, or the
// fallback) to show under the form. On success the form stays busy: the screen is about to move on.
import { useState } from 'react'
import { errorText } from '../linq'

export interface FormAction {
  busy: boolean
  error: string | null
  setError: (error: string | null) => void
  /** Runs `call`; resolves to its answer, or to undefined after setting `error`. */
  run: <T>(call: () => Promise<T>, fallback: string) => Promise<T | undefined>
}

export function useFormAction(): FormAction {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async <T>(call: () => Promise<T>, fallback: string): Promise<T | undefined> => {
    setBusy(true)
    setError(null)
    try {
      return await call()
    } catch (err) {
      setError(errorText(err, fallback))
      setBusy(false)
      return undefined
    }
  }
  return { busy, error, setError, run }
}
