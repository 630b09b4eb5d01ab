// How an action calls main when a failure is the user's to hear about: one notice, in main's words where it
// has some, after putting back whatever the action showed before main answered.
import { errorText } from '../../linq'
import { useUiStore } from '../ui'

/** For calls whose failure nobody needs to hear about (the next call or event corrects it). */
export const ignore = () => undefined

/** What the notice says when the call fails, and what to put back first. */
export type Failure =
  /** Main's words for the failure; these when it has none (the call never reached Linq, a bug). */
  | string
  /** These words, then main's: "Your edit was not saved. Linq refused the edit." */
  | { lead: string; undo?: () => void }

/** Runs one call to main. On failure it undoes, shows an error notice and resolves to undefined. */
export async function callOrNotify<T>(call: () => Promise<T>, failure: Failure): Promise<T | undefined> {
  try {
    return await call()
  } catch (error) {
    let words: string
    if (typeof failure === 'string') words = errorText(error, failure)
    else {
      failure.undo?.()
      words = `${failure.lead} ${errorText(error)}`
    }
    useUiStore.getState().notify('error', words)
    return undefined
  }
}
