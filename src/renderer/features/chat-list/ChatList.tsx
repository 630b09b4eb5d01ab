// The sidebar's list of chats. Rows are real buttons with a roving tabindex: Tab reaches the list once,
// Up/Down/Home/End move between chats, Enter or Space opens one.
import { useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react'
import { useChatsStore } from '../../state/chats'
import { useUiStore } from '../../state/ui'
import { useNow } from '../../ui/use-now'
import { ChatRow } from './ChatRow'
import { isFiltering, useFilteredChatIds } from './filter'

const MINUTE = 60_000

/** The chats the sidebar shows, under the filter typed above it. */
export function useVisibleChatIds(): string[] {
  const query = useUiStore((s) => s.query)
  const numberFilter = useUiStore((s) => s.numberFilter)
  return useFilteredChatIds(query, numberFilter)
}

/** Moves focus between the list's rows; returns false when the key is not a list-navigation key. */
export function moveRowFocus(list: HTMLElement | null, key: string): boolean {
  if (!list) return false
  const rows = [...list.querySelectorAll<HTMLButtonElement>('button.chat-row')]
  if (rows.length === 0) return false
  const current = rows.findIndex((row) => row === document.activeElement)
  let next: number
  if (key === 'ArrowDown') next = current < 0 ? 0 : Math.min(rows.length - 1, current + 1)
  else if (key === 'ArrowUp') next = current < 0 ? rows.length - 1 : Math.max(0, current - 1)
  else if (key === 'Home') next = 0
  else if (key === 'End') next = rows.length - 1
  else return false
  const row = rows[next]!
  row.focus()
  row.scrollIntoView({ block: 'nearest' })
  return true
}

export function ChatList({
  listRef,
  showNumbers,
}: {
  listRef?: RefObject<HTMLUListElement | null>
  showNumbers: boolean
}) {
  const ownRef = useRef<HTMLUListElement>(null)
  const ref = listRef ?? ownRef
  const ids = useVisibleChatIds()
  const activeChatId = useUiStore((s) => s.activeChatId)
  const loaded = useChatsStore((s) => s.loaded)
  const filtering = useUiStore((s) => isFiltering(s))
  const now = Math.floor(useNow(MINUTE) / MINUTE) * MINUTE
  // Roving tabindex: the row that last had focus stays the list's tab stop.
  const [focusedId, setFocusedId] = useState<string | null>(null)
  const onFocus = (event: FocusEvent<HTMLUListElement>) => {
    const id = (event.target as HTMLElement).dataset.chatId
    if (id) setFocusedId(id)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    if (moveRowFocus(ref.current, event.key)) event.preventDefault()
  }

  if (!loaded) {
    return (
      <p className="chat-list__empty" role="status">
        Loading chats…
      </p>
    )
  }
  if (ids.length === 0) {
    return (
      <p className="chat-list__empty" role="status">
        {filtering ? 'No chats match.' : 'No chats yet.'}
      </p>
    )
  }
  const tabStop =
    focusedId !== null && ids.includes(focusedId)
      ? focusedId
      : activeChatId !== null && ids.includes(activeChatId)
        ? activeChatId
        : ids[0]
  return (
    <ul ref={ref} className="chat-list" aria-label="Chats" onKeyDown={onKeyDown} onFocus={onFocus}>
      {ids.map((id) => (
        <ChatRow
          key={id}
          chatId={id}
          active={id === activeChatId}
          tabbable={id === tabStop}
          now={now}
          showNumber={showNumbers}
        />
      ))}
    </ul>
  )
}
