// Ctrl/Cmd+K: type a few letters of a name, number or message, Up/Down, Enter.
import { useId, useMemo, useState, type KeyboardEvent } from 'react'
import { openChat } from '../../state/actions/thread'
import { useChatsStore } from '../../state/chats'
import { useUiStore } from '../../state/ui'
import { Avatar } from '../../ui/Avatar'
import { chatTitle, previewText } from '../../ui/chat-text'
import { Dialog } from '../../ui/Dialog'
import { ServiceMark } from '../../ui/ServiceMark'
import { useFilteredChatIds } from '../chat-list/filter'

const MAX_RESULTS = 8

export function QuickSwitcher() {
  const open = useUiStore((s) => s.switcherOpen)
  if (!open) return null
  return <QuickSwitcherDialog onClose={() => useUiStore.getState().setSwitcherOpen(false)} />
}

function QuickSwitcherDialog({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState('')
  const [highlight, setHighlight] = useState(0)
  const byId = useChatsStore((s) => s.byId)
  const activeChatId = useUiStore((s) => s.activeChatId)
  const listId = useId()
  const optionId = (index: number) => `${listId}-option-${index}`

  const matches = useFilteredChatIds(query, null)
  const results = useMemo(
    () =>
      (query.trim()
        ? matches
        : // With nothing typed, offer recent chats other than the open one.
          matches.filter((id) => id !== activeChatId)
      ).slice(0, MAX_RESULTS),
    [matches, query, activeChatId],
  )
  const current = Math.min(highlight, Math.max(0, results.length - 1))

  const choose = (chatId: string | undefined) => {
    if (chatId === undefined) return
    onClose()
    openChat(chatId)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setHighlight((current + 1) % Math.max(1, results.length))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setHighlight((current - 1 + results.length) % Math.max(1, results.length))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      choose(results[current])
    }
  }

  return (
    <Dialog title="Go to chat" onClose={onClose} className="switcher" hideTitle>
      <input
        className="input switcher__input"
        role="combobox"
        aria-label="Find a chat"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={results.length > 0 ? optionId(current) : undefined}
        placeholder="Find a chat by name, number or message"
        value={query}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setQuery(event.target.value)
          setHighlight(0)
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} className="switcher__results" role="listbox" aria-label="Matching chats">
        {results.map((id, index) => {
          const chat = byId[id]!
          const title = chatTitle(chat)
          return (
            <li
              key={id}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              className={`switcher__option${index === current ? ' switcher__option--current' : ''}`}
              onMouseEnter={() => setHighlight(index)}
              onClick={() => choose(id)}
            >
              <Avatar seed={chat.id} title={title} isGroup={chat.isGroup} size="sm" />
              <span className="switcher__text">
                <span className="switcher__title">{title}</span>
                <span className="switcher__preview">{previewText(chat)}</span>
              </span>
              <ServiceMark service={chat.service} />
            </li>
          )
        })}
      </ul>
      {results.length === 0 && (
        <p className="switcher__empty" role="status">
          No chats match.
        </p>
      )}
    </Dialog>
  )
}
