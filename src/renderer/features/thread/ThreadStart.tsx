// The line above the oldest loaded message: older messages loading, why they could not load (with a retry),
// or that this is where the conversation begins.
import { loadOlder } from '../../state/actions/thread'
import { useMessagesStore } from '../../state/messages'
import { THREAD_START_HEIGHT } from './use-thread-virtualizer'

export function ThreadStart({ chatId }: { chatId: string }) {
  const hasOlder = useMessagesStore((s) => s.threads[chatId]?.hasOlder ?? false)
  const loadingOlder = useMessagesStore((s) => s.threads[chatId]?.loadingOlder ?? false)
  const olderError = useMessagesStore((s) => s.threads[chatId]?.olderError ?? null)
  let content = null
  if (loadingOlder) content = <span role="status">Loading earlier messages…</span>
  else if (olderError)
    content = (
      <span role="alert">
        {olderError}{' '}
        <button type="button" className="link-button" onClick={() => void loadOlder(chatId)}>
          Try again
        </button>
      </span>
    )
  else if (!hasOlder) content = <span>This is the beginning of the conversation.</span>
  return (
    <div className="thread-start" style={{ height: THREAD_START_HEIGHT }}>
      {content}
    </div>
  )
}
