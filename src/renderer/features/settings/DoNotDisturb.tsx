// Do not disturb: no notifications for a while (an hour, the working day, until tomorrow morning) or until
// turned off. Messages still arrive and count on the badge.
import { useId } from 'react'
import { DND_FOREVER, type Settings } from '../../../shared/domain'
import { formatClock, formatDateTime } from '../../ui/format'
import { useNow } from '../../ui/use-now'

const HOUR = 60 * 60_000
const CHOICES = ['off', '1h', '8h', 'tomorrow', 'forever'] as const
type Choice = (typeof CHOICES)[number]
const LABELS: Record<Choice, string> = {
  off: 'Off',
  '1h': 'For 1 hour',
  '8h': 'For 8 hours',
  tomorrow: 'Until 8:00 tomorrow',
  forever: 'Until I turn it off',
}

/** When a choice made at `now` ends (epoch ms), or null for off. */
export function doNotDisturbUntil(choice: Choice, now: number): number | null {
  if (choice === 'off') return null
  if (choice === 'forever') return DND_FOREVER
  if (choice === 'tomorrow') {
    const morning = new Date(now)
    morning.setDate(morning.getDate() + 1)
    morning.setHours(8, 0, 0, 0)
    return morning.getTime()
  }
  return now + (choice === '1h' ? 1 : 8) * HOUR
}

export function DoNotDisturb({
  settings,
  onChange,
}: {
  settings: Settings | null
  onChange: (until: number | null) => void
}) {
  const now = useNow(30_000)
  const id = useId()
  const helpId = useId()
  const until = settings?.doNotDisturbUntil ?? null
  const active = until !== null && until > now
  const forever = active && until >= DND_FOREVER
  const value = !active ? 'off' : forever ? 'forever' : 'current'
  const sameDay = active && !forever && new Date(until).toDateString() === new Date(now).toDateString()
  const endsAt = active && !forever ? (sameDay ? formatClock(until) : formatDateTime(until)) : ''
  return (
    <div className="settings__field">
      <label htmlFor={id}>Do not disturb</label>
      <select
        id={id}
        className="input settings__select"
        value={value}
        disabled={!settings}
        aria-describedby={helpId}
        onChange={(event) => {
          const choice = event.target.value
          if (choice !== 'current') onChange(doNotDisturbUntil(choice as Choice, Date.now()))
        }}
      >
        {value === 'current' && <option value="current">Until {endsAt}</option>}
        {CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {LABELS[choice]}
          </option>
        ))}
      </select>
      <p id={helpId} className="field-help" data-testid="dnd-status">
        {!active
          ? 'Pauses notifications; messages still arrive and count as unread.'
          : forever
            ? 'Notifications are paused until you turn this off.'
            : `Notifications are paused until ${endsAt}.`}
      </p>
    </div>
  )
}
