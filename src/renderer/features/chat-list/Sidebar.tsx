import { useId, useRef, type KeyboardEvent } from 'react'
import { openChat } from '../../state/actions/thread'
import { useChatsStore } from '../../state/chats'
import { useSessionStore, signedInWorkspace } from '../../state/session'
import { useUiStore } from '../../state/ui'
import { formatCount, formatHandle } from '../../ui/format'
import { IconButton } from '../../ui/IconButton'
import { ComposeIcon, SearchIcon, SettingsIcon } from '../../ui/icons'
import { SearchMessagesLink } from '../search/SearchMessagesLink'
import { SyncStatus } from '../sync-status/SyncStatus'
import { PendingChats } from '../conversations/PendingChats'
import { ChatList, moveRowFocus, useVisibleChatIds } from './ChatList'
import { ChatMenu } from './ChatMenu'

export function Sidebar({ shortcutLabel }: { shortcutLabel: string }) {
  const workspace = useSessionStore((s) => signedInWorkspace(s.session))
  const unreadTotal = useChatsStore((s) => s.unreadTotal)
  const query = useUiStore((s) => s.query)
  const numberFilter = useUiStore((s) => s.numberFilter)
  const listRef = useRef<HTMLUListElement>(null)
  const visible = useVisibleChatIds()
  const filterId = useId()
  const numberId = useId()
  const numbers = workspace?.phoneNumbers ?? []

  const onFilterKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      moveRowFocus(listRef.current, 'Home')
    } else if (event.key === 'Enter') {
      const first = visible[0]
      if (first !== undefined) {
        event.preventDefault()
        openChat(first)
      }
    } else if (event.key === 'Escape' && query) {
      event.preventDefault()
      useUiStore.getState().setQuery('')
    }
  }

  return (
    <nav className="sidebar" aria-label="Chats">
      <header className="sidebar__header">
        <div className="sidebar__workspace">
          <h1 className="sidebar__title">
            Chats
            {unreadTotal > 0 && (
              <span className="badge sidebar__unread" data-testid="unread-total">
                {formatCount(unreadTotal)}
                <span className="sr-only"> unread</span>
              </span>
            )}
          </h1>
          <span className="sidebar__subtitle">{workspace?.name}</span>
        </div>
        <IconButton
          label={`New chat (${shortcutLabel.replace('K', 'N')})`}
          icon={<ComposeIcon />}
          onClick={() => useUiStore.getState().setNewChatRequest({ to: [], text: '' })}
        />
        <IconButton
          label={`Find a chat (${shortcutLabel})`}
          icon={<SearchIcon />}
          onClick={() => useUiStore.getState().setSwitcherOpen(true)}
        />
        <IconButton
          label="Settings"
          icon={<SettingsIcon />}
          onClick={() => useUiStore.getState().setSettingsOpen(true)}
        />
      </header>
      <SyncStatus />
      <PendingChats />
      <div className="sidebar__filters">
        <label htmlFor={filterId} className="sr-only">
          Search chats
        </label>
        <SearchIcon className="sidebar__filter-icon" />
        <input
          id={filterId}
          className="input sidebar__filter"
          type="search"
          placeholder="Search names, numbers, messages"
          value={query}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => useUiStore.getState().setQuery(event.target.value)}
          onKeyDown={onFilterKeyDown}
        />
        {numbers.length > 1 && (
          <>
            <label htmlFor={numberId} className="sr-only">
              Linq number
            </label>
            <select
              id={numberId}
              className="input sidebar__number"
              value={numberFilter ?? ''}
              onChange={(event) => useUiStore.getState().setNumberFilter(event.target.value || null)}
            >
              <option value="">All numbers</option>
              {numbers.map((n) => (
                <option key={n.id} value={n.number}>
                  {formatHandle(n.number)}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      <SearchMessagesLink query={query} />
      <div className="sidebar__list">
        <ChatList listRef={listRef} showNumbers={numbers.length > 1 && numberFilter === null} />
      </div>
      <ChatMenu />
    </nav>
  )
}
