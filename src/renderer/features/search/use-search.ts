// Asks main for hits as the user types (a short pause first, and only the newest answer counts).
import { useEffect, useState } from 'react'
import type { ChannelInput } from '../../../shared/contract'
import type { SearchResults } from '../../../shared/domain'
import { errorText, linq } from '../../linq'

const TYPING_PAUSE_MS = 150

export interface SearchAnswer {
  results: SearchResults | null
  error: string | null
}

/** Hits for `input` (null: nothing asked); an answer for an earlier input is never shown for this one. */
export function useSearch(input: ChannelInput<'searchMessages'> | null): SearchAnswer {
  const [answer, setAnswer] = useState<SearchAnswer & { key: string }>({
    results: null,
    error: null,
    key: '',
  })
  const key = input && input.query.trim() !== '' ? JSON.stringify(input) : ''
  useEffect(() => {
    if (!input || key === '') return
    let current = true
    const timer = setTimeout(() => {
      linq()
        .searchMessages(input)
        .then((results) => current && setAnswer({ results, error: null, key }))
        .catch((error) => current && setAnswer({ results: null, error: errorText(error), key }))
    }, TYPING_PAUSE_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
    // The input is compared by value (key), not by identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return answer.key === key && key !== '' ? answer : { results: null, error: null }
}
