// Sync state in a quiet line at the top of the sidebar: nothing while online, otherwise what is happening
// and when the next attempt is, with "Try now" instead of waiting for the next backoff step.
import { useState, type ReactNode } from 'react'
import { errorText, linq } from '../../linq'
import { useSyncStore } from '../../state/sync'
import { useUiStore } from '../../state/ui'
import { formatClock } from '../../ui/format'
import { OfflineIcon, SyncIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'

function retryIn(nextRetryAt: number | null, now: number): string {
  if (nextRetryAt === null) return ''
  const seconds = Math.ceil((nextRetryAt - now) / 1000)
  if (seconds <= 0) return 'Retrying now…'
  if (seconds < 60) return `Retrying in ${seconds} s.`
  return `Retrying at ${formatClock(nextRetryAt)}.`
}

function lastSynced(lastSyncedAt: number | null): string {
  return lastSyncedAt === null ? '' : `Last updated ${formatClock(lastSyncedAt)}.`
}

export function SyncStatus() {
  const status = useSyncStore((s) => s.status)
  const counting =
    (status.state === 'offline' || status.state === 'rate-limited') && status.nextRetryAt !== null
  const now = useNow(1000, counting)
  const [trying, setTrying] = useState(false)

  const tryNow = async () => {
    setTrying(true)
    try {
      await linq().syncNow()
    } catch (error) {
      useUiStore.getState().notify('error', errorText(error, 'Could not reach Linq.'))
    } finally {
      setTrying(false)
    }
  }
  const tryNowButton = (
    <button type="button" className="sync-status__action" onClick={() => void tryNow()} disabled={trying}>
      {trying ? 'Trying…' : 'Try now'}
    </button>
  )

  // Only the state is a live region: a countdown ticking inside one would be read out every second.
  let icon: ReactNode = null
  let headline: ReactNode = null
  let extra: ReactNode = null
  if (status.state === 'offline') {
    icon = <OfflineIcon className="sync-status__icon" />
    headline = (
      <>
        <strong>Offline.</strong> {status.detail ?? 'Showing saved messages.'}
      </>
    )
    extra = `${lastSynced(status.lastSyncedAt)} ${retryIn(status.nextRetryAt, now)}`.trim()
  } else if (status.state === 'rate-limited') {
    icon = <SyncIcon className="sync-status__icon" />
    headline = (
      <>
        <strong>Linq asked us to slow down.</strong> {status.detail ?? ''}
      </>
    )
    extra = retryIn(status.nextRetryAt, now)
  } else if (status.state === 'catching-up') {
    icon = <SyncIcon className="sync-status__icon sync-status__icon--spin" />
    headline = 'Catching up…'
  }
  const retryable = status.state === 'offline' || status.state === 'rate-limited'
  return (
    <div
      className={`sync-status sync-status--${status.state}`}
      data-testid="sync-status"
      data-state={status.state}
    >
      {icon}
      <span className="sync-status__text">
        <span role="status">{headline}</span>
        {extra && <span className="sync-status__retry"> {extra}</span>}
      </span>
      {retryable && tryNowButton}
    </div>
  )
}
