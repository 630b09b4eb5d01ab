// Under the chat list's search box: the same words searched in every message (the search dialog).
import { useSearchStore } from '../../state/search'
import { SearchIcon } from '../../ui/icons'

export function SearchMessagesLink({ query }: { query: string }) {
  if (!query.trim()) return null
  return (
    <button
      type="button"
      className="search-messages-link"
      onClick={() => useSearchStore.getState().openDialog(query)}
    >
      <SearchIcon /> Search messages for “{query.trim()}”
    </button>
  )
}
