// Conversations: add or edit the contact of a chat's participant (from the thread header). Saved through
// Linq's contacts API; the name shows everywhere at once and goes back, with a notice, if Linq refuses.
// Its own chunk, loaded when it first opens (ContactDialog.tsx).
import { useId, useState, type FormEvent } from 'react'
import { contactFor, saveContact } from '../../state/conversations'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { formatHandle } from '../../ui/format'
import { FormError } from '../../ui/FormError'

const FIELDS = [
  ['firstName', 'First name', 'given-name'],
  ['lastName', 'Last name', 'family-name'],
  ['email', 'Email', 'email'],
  ['company', 'Company', 'organization'],
] as const

export function ContactForm({ handle, onClose }: { handle: string; onClose: () => void }) {
  const existing = contactFor(handle)
  const baseId = useId()
  const [values, setValues] = useState({
    firstName: existing?.firstName ?? '',
    lastName: existing?.lastName ?? '',
    email: existing?.email ?? '',
    company: existing?.company ?? '',
  })
  const [error, setError] = useState<string | null>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!values.firstName.trim() && !values.lastName.trim() && !values.company.trim())
      return setError('Give the contact a name or a company.')
    if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email))
      return setError('Enter a valid email address, or leave it empty.')
    // Optimistic: the dialog closes and the name shows now; saveContact puts it back if Linq refuses.
    void saveContact({ id: existing?.id ?? null, phoneNumber: handle, ...values })
    onClose()
  }

  return (
    <Dialog title={existing ? 'Edit contact' : 'Add contact'} onClose={onClose} className="contact-dialog">
      <form onSubmit={submit} aria-label="Contact">
        <p className="field-help">{formatHandle(handle)}</p>
        {FIELDS.map(([key, label, autoComplete]) => (
          <div key={key} className="field">
            <label htmlFor={`${baseId}-${key}`} className="field-label">
              {label}
            </label>
            <input
              id={`${baseId}-${key}`}
              className="input"
              type={key === 'email' ? 'email' : 'text'}
              autoComplete={autoComplete}
              maxLength={200}
              value={values[key]}
              onChange={(e) => {
                setValues({ ...values, [key]: e.target.value })
                setError(null)
              }}
            />
          </div>
        ))}
        <FormError error={error} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary">
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
