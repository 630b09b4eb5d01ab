// Conversations: new chats main is still creating (offline, Linq busy, or refused), above the chat list.
// Each says to whom and what, and whether it waits, is going out, or failed (with retry and discard).
import type { PendingChat } from '../../../shared/domain'
import { errorText, linq } from '../../linq'
import { useConversationsStore } from '../../state/conversations'
import { useUiStore } from '../../state/ui'
import { Button } from '../../ui/Button'
import { handleName } from '../../ui/format'

const STATE_TEXT: Record<PendingChat['state'], string> = {
  queued: 'Waiting to create',
  sending: 'Creating…',
  failed: 'Not created',
}

const act = (action: Promise<void>, fallback: string) =>
  action.catch((error: unknown) => useUiStore.getState().notify('error', errorText(error, fallback)))

export function PendingChats() {
  const pending = useConversationsStore((s) => s.pending)
  useConversationsStore((s) => s.namesVersion)
  if (pending.length === 0) return null
  return (
    <section className="pending-chats" aria-label="New chats being created">
      <ul className="pending-chats__list">
        {pending.map((p) => (
          <li key={p.localId} className={`pending-chat pending-chat--${p.state}`} data-testid="pending-chat">
            <span className="pending-chat__to">{p.displayName ?? p.to.map(handleName).join(', ')}</span>
            <span className="pending-chat__text">{p.text}</span>
            <span className="pending-chat__state" role="status">
              {STATE_TEXT[p.state]}
              {p.failure ? `: ${p.failure.message}` : ''}
            </span>
            {p.state === 'failed' && (
              <span className="pending-chat__actions">
                <Button
                  variant="link"
                  onClick={() =>
                    void act(linq().retryPendingChat({ localId: p.localId }), 'Could not retry.')
                  }
                >
                  Retry
                </Button>
                <Button
                  variant="link"
                  onClick={() =>
                    void act(linq().discardPendingChat({ localId: p.localId }), 'Could not discard it.')
                  }
                >
                  Discard
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
