// A modal dialog: focus moves in on open, Tab cycles inside, Escape or the backdrop closes it, and focus
// returns to whatever opened it.
import {
  useEffect,
  useId,
  useRef,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react'
import { createPortal } from 'react-dom'
import { CloseIcon } from './icons'
import { IconButton } from './IconButton'

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

export interface DialogProps {
  title: string
  onClose: () => void
  children: ReactNode
  /** Extra class on the panel (sizes). */
  className?: string
  /** Element to focus first (defaults to the first focusable one after the close button). */
  initialFocus?: RefObject<HTMLElement | null>
  /** Hides the title visually but keeps it as the dialog's name. */
  hideTitle?: boolean
}

export function Dialog({
  title,
  onClose,
  children,
  className,
  initialFocus,
  hideTitle = false,
}: DialogProps) {
  const panel = useRef<HTMLDivElement>(null)
  const titleId = useId()
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  })

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const root = panel.current
    if (root) {
      const target =
        initialFocus?.current ??
        [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].find(
          (el) => !el.classList.contains('dialog__close'),
        ) ??
        root
      target.focus()
    }
    return () => opener?.focus()
    // Focus moves once per opening; later prop changes must not steal it back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onCloseRef.current()
      return
    }
    if (event.key !== 'Tab' || !panel.current) return
    const focusable = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    if (focusable.length === 0) return
    const first = focusable[0]!
    const last = focusable[focusable.length - 1]!
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  // A focused control that becomes disabled (the lightbox's Next on the last image) drops focus to the page,
  // where Escape and Tab no longer reach the dialog: the panel takes it back at once.
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const left = event.target as HTMLElement & { disabled?: boolean }
    if (event.relatedTarget === null && left.disabled === true) panel.current?.focus()
  }

  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onCloseRef.current()
      }}
    >
      <div
        ref={panel}
        className={`dialog${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      >
        <div className="dialog__header">
          <h2 id={titleId} className={hideTitle ? 'sr-only' : 'dialog__title'}>
            {title}
          </h2>
          <IconButton
            className="dialog__close"
            label="Close"
            icon={<CloseIcon />}
            onClick={() => onCloseRef.current()}
          />
        </div>
        {children}
      </div>
    </div>,
    document.body,
  )
}
