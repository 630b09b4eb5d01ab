// Ctrl/Cmd+Shift+F: search all chats. Ctrl/Cmd+F: find in the open chat (the all-chats search without one).
import { useEffect } from 'react'
import { useSearchStore } from '../../state/search'
import { useUiStore } from '../../state/ui'

export function useSearchShortcuts(isMac: boolean): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const modifier = isMac ? event.metaKey : event.ctrlKey
      if (!modifier || event.altKey || event.key.toLowerCase() !== 'f') return
      event.preventDefault()
      const search = useSearchStore.getState()
      if (event.shiftKey || useUiStore.getState().activeChatId === null) search.openDialog()
      else search.setFindOpen(true)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [isMac])
}
