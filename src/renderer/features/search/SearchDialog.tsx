// Ctrl/Cmd+Shift+F (or "Search messages" under the chat list's box): every cached message, offline too.
// Hits are grouped by chat, newest first; Up/Down move between them, Enter opens the thread at the message.
import { useId, useRef, useState, type KeyboardEvent } from 'react'
import type { SearchHit } from '../../../shared/domain'
import { openChatAt } from '../../state/actions/search'
import { useChatsStore } from '../../state/chats'
import { useSearchStore } from '../../state/search'
import { chatTitle } from '../../ui/chat-text'
import { Dialog } from '../../ui/Dialog'
import { formatDateTime } from '../../ui/format'
import './search.css'
import { Snippet } from './Snippet'
import { useSearch } from './use-search'

export function SearchDialog() {
  const dialog = useSearchStore((s) => s.dialog)
  if (!dialog) return null
  return <SearchPanel initialQuery={dialog.query} />
}

function byChat(hits: SearchHit[]): [string, SearchHit[]][] {
  const groups = new Map<string, SearchHit[]>()
  for (const hit of hits) groups.set(hit.chatId, [...(groups.get(hit.chatId) ?? []), hit])
  return [...groups]
}

function SearchPanel({ initialQuery }: { initialQuery: string }) {
  const [query, setQuery] = useState(initialQuery)
  const input = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLDivElement>(null)
  const inputId = useId()
  const statusId = useId()
  const chats = useChatsStore((s) => s.byId)
  const { results, error } = useSearch(query.trim() ? { query, limit: 100 } : null)
  const close = () => useSearchStore.getState().closeDialog()

  const open = (hit: SearchHit) => {
    close()
    void openChatAt(hit.chatId, hit.messageId)
  }
  // Up/Down walk the hits (from the box too); Home/End jump to the ends.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const hits = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.search-hit') ?? [])]
    if (hits.length === 0) return
    const at = hits.indexOf(document.activeElement as HTMLButtonElement)
    let next: number | null = null
    if (event.key === 'ArrowDown') next = at < 0 ? 0 : Math.min(hits.length - 1, at + 1)
    else if (event.key === 'ArrowUp') next = at <= 0 ? -1 : at - 1
    else if (event.key === 'Home' && at >= 0) next = 0
    else if (event.key === 'End' && at >= 0) next = hits.length - 1
    else if (event.key === 'Enter' && at < 0) next = 0
    if (next === null) return
    event.preventDefault()
    if (event.key === 'Enter') hits[0]!.click()
    else if (next < 0) input.current?.focus()
    else hits[next]!.focus()
  }

  let status = ''
  if (error) status = error
  else if (results) {
    status =
      results.total === 0
        ? `No messages match “${query.trim()}”.`
        : `${results.total === 1 ? '1 message' : `${results.total} messages`}${results.hits.length < results.total ? `, newest ${results.hits.length} shown` : ''}`
    if (results.indexing) status += ' (still indexing)'
  }

  return (
    <Dialog title="Search messages" onClose={close} className="search-dialog" initialFocus={input}>
      <div className="search-dialog__body" onKeyDown={onKeyDown}>
        <label htmlFor={inputId} className="sr-only">
          Search all messages
        </label>
        <input
          ref={input}
          id={inputId}
          className="input search-dialog__input"
          type="search"
          placeholder="Search all messages"
          value={query}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={statusId}
          onChange={(event) => setQuery(event.target.value)}
        />
        <p id={statusId} className="search-dialog__status" role="status">
          {status}
        </p>
        <div ref={list} className="search-dialog__results" role="region" aria-label="Search results">
          {results &&
            byChat(results.hits).map(([chatId, hits]) => {
              const chat = chats[chatId]
              const title = chat ? chatTitle(chat) : 'Chat'
              return (
                <section key={chatId} className="search-group" aria-label={title}>
                  <h3 className="search-group__title">{title}</h3>
                  <ul className="search-group__hits">
                    {hits.map((hit) => (
                      <li key={hit.messageId}>
                        <button
                          type="button"
                          className="search-hit"
                          data-testid="search-hit"
                          onClick={() => open(hit)}
                        >
                          <span className="search-hit__meta">
                            {hit.isFromMe ? 'You' : title} · {formatDateTime(Date.parse(hit.sentAt))}
                          </span>
                          <Snippet segments={hit.snippet} />
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              )
            })}
        </div>
      </div>
    </Dialog>
  )
}
