// The signed-in window: the chat list on the left, the open chat on the right (one at a time on a narrow
// window or at high zoom), plus the overlays reachable from anywhere: the quick switcher and settings.
import { useEffect } from 'react'
import { useChatsStore } from '../../state/chats'
import { useSessionStore } from '../../state/session'
import { useUiStore } from '../../state/ui'
import { Sidebar } from '../chat-list/Sidebar'
import { ContactDialog } from '../conversations/ContactDialog'
import { NewChatDialog } from '../conversations/NewChatDialog'
import { QuickSwitcher } from '../quick-switcher/QuickSwitcher'
import { SearchDialog } from '../search/SearchDialog'
import { useSearchShortcuts } from '../search/use-search-shortcuts'
import { SettingsDialog } from '../settings/SettingsDialog'
import { Thread } from '../thread/Thread'
import { ThreadWarmup } from '../thread/ThreadWarmup'

export function useIsMac(): boolean {
  const platform = useSessionStore((s) => s.appInfo?.platform)
  return platform ? platform === 'darwin' : /Mac/i.test(navigator.userAgent)
}

export function Workspace() {
  const activeChatId = useUiStore((s) => s.activeChatId)
  const unreadTotal = useChatsStore((s) => s.unreadTotal)
  const isMac = useIsMac()
  const shortcutLabel = isMac ? '⌘K' : 'Ctrl+K'
  useSearchShortcuts(isMac)

  // Global shortcuts: Cmd/Ctrl+K finds a chat, Cmd/Ctrl+, opens settings, Cmd/Ctrl+N starts a new chat.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const modifier = isMac ? event.metaKey : event.ctrlKey
      if (!modifier || event.altKey || event.shiftKey) return
      const ui = useUiStore.getState()
      if (event.key.toLowerCase() === 'k') {
        event.preventDefault()
        ui.setSwitcherOpen(!ui.switcherOpen)
      } else if (event.key === ',') {
        event.preventDefault()
        ui.setSettingsOpen(true)
      } else if (event.key.toLowerCase() === 'n') {
        // Conversations: a new chat or group.
        event.preventDefault()
        if (!ui.newChatRequest) ui.setNewChatRequest({ to: [], text: '' })
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [isMac])

  // The unread count in the window title shows in the taskbar / window switcher too.
  useEffect(() => {
    document.title = unreadTotal > 0 ? `Linq (${unreadTotal})` : 'Linq'
    return () => {
      document.title = 'Linq'
    }
  }, [unreadTotal])

  return (
    <div className={`workspace${activeChatId !== null ? ' workspace--thread-open' : ''}`}>
      <Sidebar shortcutLabel={shortcutLabel} />
      <main className="workspace__main" aria-label="Conversation">
        <ThreadWarmup />
        {activeChatId !== null ? (
          <Thread key={activeChatId} chatId={activeChatId} />
        ) : (
          <NoChatOpen shortcutLabel={shortcutLabel} />
        )}
      </main>
      <QuickSwitcher />
      <SearchDialog />
      <SettingsDialog />
      <NewChatDialog />
      <ContactDialog />
    </div>
  )
}

function NoChatOpen({ shortcutLabel }: { shortcutLabel: string }) {
  const hasChats = useChatsStore((s) => s.order.length > 0)
  return (
    <div className="no-chat">
      <h2 className="no-chat__title">{hasChats ? 'Choose a chat' : 'No chats yet'}</h2>
      <p className="no-chat__text">
        {hasChats
          ? `Pick one from the list, or press ${shortcutLabel} to find a chat by name, number or message.`
          : 'New conversations with your Linq numbers will appear here.'}
      </p>
    </div>
  )
}
