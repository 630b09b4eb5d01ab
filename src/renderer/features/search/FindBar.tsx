// Ctrl/Cmd+F in a thread: find in this chat. The matches run oldest to newest and finding starts from the
// newest, reading back as in a chat: Previous (Enter, ↑) goes back in time, Next (Shift+Enter, ↓) forward,
// each opening the thread at the match (loaded around it if it is further back than what is shown).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { SearchResults } from '../../../shared/domain'
import { openChatAt } from '../../state/actions/search'
import { useSearchStore } from '../../state/search'
import { ChevronDownIcon, ChevronUpIcon, CloseIcon } from '../../ui/icons'
import { IconButton } from '../../ui/IconButton'
import './search.css'
import { useSearch } from './use-search'

/** Matches fetched for one find (the count says how many there are in all). */
const FIND_LIMIT = 500

export function FindBar({ chatId }: { chatId: string }) {
  const open = useSearchStore((s) => s.findOpen)
  if (!open) return null
  return <FindBarOpen key={chatId} chatId={chatId} />
}

function FindBarOpen({ chatId }: { chatId: string }) {
  const [query, setQuery] = useState('')
  // Where in the matches the user is; it belongs to the results it was chosen in.
  const [chosen, setChosen] = useState<{ in: SearchResults; at: number } | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const inputId = useId()
  const { results, error } = useSearch(query.trim() ? { query, chatId, limit: FIND_LIMIT } : null)
  // Oldest first, so Previous goes back in time.
  const matches = results ? [...results.hits].reverse() : []

  const position = chosen && chosen.in === results ? chosen.at : null

  useEffect(() => input.current?.focus(), [])

  const go = (step: 1 | -1) => {
    if (matches.length === 0) return
    const from = position ?? matches.length
    const next = Math.min(matches.length - 1, Math.max(0, from + step))
    if (results) setChosen({ in: results, at: next })
    void openChatAt(chatId, matches[next]!.messageId)
  }
  const close = () => {
    useSearchStore.getState().setFindOpen(false)
    useSearchStore.getState().clearJump()
  }
  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    go(event.shiftKey ? 1 : -1)
  }
  // Escape closes from anywhere in the bar (the buttons too).
  const onBarKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    close()
  }

  let count = ''
  if (error) count = error
  else if (results && query.trim()) {
    if (results.total === 0) count = 'No matches'
    else if (position === null) count = `${results.total} ${results.total === 1 ? 'match' : 'matches'}`
    else count = `${position + 1 + (results.total - matches.length)} of ${results.total}`
  }

  return (
    <div className="find-bar" role="search" aria-label="Find in this chat" onKeyDown={onBarKeyDown}>
      <label htmlFor={inputId} className="sr-only">
        Find in this chat
      </label>
      <input
        ref={input}
        id={inputId}
        className="input find-bar__input"
        type="search"
        placeholder="Find in this chat"
        value={query}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onInputKeyDown}
      />
      <span className="find-bar__count" role="status" data-testid="find-count">
        {count}
      </span>
      <IconButton
        label="Previous match"
        icon={<ChevronUpIcon />}
        disabled={matches.length === 0 || position === 0}
        onClick={() => go(-1)}
      />
      <IconButton
        label="Next match"
        icon={<ChevronDownIcon />}
        disabled={matches.length === 0 || position === null || position === matches.length - 1}
        onClick={() => go(1)}
      />
      <IconButton label="Close find" icon={<CloseIcon />} onClick={close} />
    </div>
  )
}
