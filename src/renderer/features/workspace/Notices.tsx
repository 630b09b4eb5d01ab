// Toasts for things that happened in the background or that an action could not do. Each error is an alert
// (inserted alerts are announced at once) and stays until dismissed; information goes into a polite status
// region that exists beforehand, and fades (state/ui.ts).
import { useUiStore } from '../../state/ui'
import { IconButton } from '../../ui/IconButton'
import { AlertIcon, CloseIcon } from '../../ui/icons'

export function Notices() {
  const notices = useUiStore((s) => s.notices)
  return (
    <section className="notices" aria-label="Notifications">
      <div className="notices__group">
        {notices
          .filter((n) => n.level === 'error')
          .map((n) => (
            <Toast key={n.id} id={n.id} level="error" message={n.message} />
          ))}
      </div>
      <div role="status" className="notices__group">
        {notices
          .filter((n) => n.level === 'info')
          .map((n) => (
            <Toast key={n.id} id={n.id} level="info" message={n.message} />
          ))}
      </div>
    </section>
  )
}

function Toast({ id, level, message }: { id: number; level: 'info' | 'error'; message: string }) {
  return (
    <div
      className={`toast toast--${level}`}
      role={level === 'error' ? 'alert' : undefined}
      data-testid="notice"
      data-level={level}
    >
      {level === 'error' && <AlertIcon className="toast__icon" />}
      <span className="toast__text">{message}</span>
      <IconButton
        className="toast__close"
        label="Dismiss"
        icon={<CloseIcon />}
        onClick={() => useUiStore.getState().dismiss(id)}
      />
    </div>
  )
}
