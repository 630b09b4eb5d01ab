// What a dialog whose code loads on first use (React.lazy) shows meanwhile: the same backdrop and panel, with
// a status that screen readers announce. From the app's own files this lasts a few milliseconds.
import { createPortal } from 'react-dom'

export function DialogLoading({ label }: { label: string }) {
  return createPortal(
    <div className="dialog-backdrop">
      <div className="dialog dialog--small" role="status" aria-busy="true">
        {label}
      </div>
    </div>,
    document.body,
  )
}
