// A checkbox (or a switch) with its label and, when given, a line of help the control is described by.
import { useId, type ReactNode } from 'react'

export function CheckboxRow({
  label,
  help,
  checked,
  onChange,
  disabled,
  role,
  className,
}: {
  label: ReactNode
  help?: ReactNode
  checked: boolean
  onChange: (checked: boolean) => void
  disabled?: boolean
  /** 'switch' for a setting that takes effect at once. */
  role?: 'switch'
  className?: string
}) {
  const id = useId()
  const helpId = useId()
  const labelElement = <label htmlFor={id}>{label}</label>
  return (
    <div className={`checkbox-row${className ? ` ${className}` : ''}`}>
      <input
        id={id}
        type="checkbox"
        role={role}
        checked={checked}
        disabled={disabled}
        aria-describedby={help ? helpId : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      {help ? (
        <div>
          {labelElement}
          <p id={helpId} className="field-help">
            {help}
          </p>
        </div>
      ) : (
        labelElement
      )}
    </div>
  )
}
