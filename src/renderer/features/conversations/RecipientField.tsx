// The new-chat screen's "To" field: recipients as chips (name or number, and how they will be reached), and a
// text field that takes a number in any country's format or a contact's name, with suggestions as you type
// (a listbox the arrow keys move through). Enter, comma or Tab adds what was typed; Backspace on an empty
// field removes the last recipient.
import { useId, useState, type KeyboardEvent } from 'react'
import type { ContactCard, Reachability } from '../../../shared/domain'
import { FormError } from '../../ui/FormError'
import { CloseIcon } from '../../ui/icons'
import { phoneDigits } from '../../../shared/phone'
import { formatHandle, handleName } from '../../ui/format'
import { useConversationsStore } from '../../state/conversations'

const REACH_TEXT: Record<Reachability, string> = {
  iMessage: 'iMessage',
  sms: 'SMS',
  checking: 'Checking…',
  unknown: 'Not known',
}

/** Contacts whose name, company or number matches what is typed (at most 6). */
export function suggestContacts(contacts: readonly ContactCard[], query: string): ContactCard[] {
  const q = query.trim().toLowerCase()
  if (q.length < 1) return []
  const qDigits = phoneDigits(q)
  return contacts
    .filter(
      (c) =>
        c.phoneNumber !== '' &&
        (c.name.toLowerCase().includes(q) ||
          c.company.toLowerCase().includes(q) ||
          (qDigits.length >= 3 && phoneDigits(c.phoneNumber).includes(qDigits))),
    )
    .slice(0, 6)
}

export function RecipientField(props: {
  recipients: string[]
  query: string
  error: string | null
  onQuery(query: string): void
  /** Adds what was typed (or the contact's number); returns false when it was refused. */
  onAdd(input: string, contact: ContactCard | null): boolean
  onRemove(e164: string): void
}) {
  const { recipients, query } = props
  const contacts = useConversationsStore((s) => s.contacts)
  const availability = useConversationsStore((s) => s.availability)
  const [active, setActive] = useState(0)
  const inputId = useId()
  const listId = useId()
  const errorId = useId()
  const suggestions = suggestContacts(contacts, query)
  const highlighted = suggestions[Math.min(active, suggestions.length - 1)] ?? null

  const add = (contact: ContactCard | null) => {
    if (props.onAdd(contact ? contact.phoneNumber : query, contact)) setActive(0)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (suggestions.length === 0) return
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((i) => (i + step + suggestions.length) % suggestions.length)
    } else if (event.key === 'Enter' || event.key === ',' || (event.key === 'Tab' && query.trim())) {
      if (!query.trim()) return
      event.preventDefault()
      // A typed number wins over a suggestion that merely contains its digits.
      add(/^[+\d\s().-]+$/.test(query.trim()) ? null : highlighted)
    } else if (event.key === 'Backspace' && query === '' && recipients.length > 0) {
      props.onRemove(recipients[recipients.length - 1]!)
    }
  }

  return (
    <div className="recipients">
      <label htmlFor={inputId} className="field-label">
        To
      </label>
      <ul className="recipients__chips" aria-label="Recipients">
        {recipients.map((e164) => {
          const reach = availability[e164] ?? 'checking'
          return (
            <li key={e164} className={`recipient recipient--${reach}`} data-testid="recipient">
              <span className="recipient__name">{handleName(e164)}</span>
              <span className="recipient__reach" data-testid="reachability">
                {REACH_TEXT[reach]}
              </span>
              <button
                type="button"
                className="recipient__remove"
                aria-label={`Remove ${handleName(e164)}`}
                onClick={() => props.onRemove(e164)}
              >
                <CloseIcon />
              </button>
            </li>
          )
        })}
      </ul>
      <input
        id={inputId}
        className="input"
        type="text"
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls={suggestions.length > 0 ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={highlighted ? `${listId}-${highlighted.id}` : undefined}
        aria-invalid={props.error !== null || undefined}
        aria-describedby={props.error ? errorId : undefined}
        placeholder="Name or number, e.g. +44 20 7946 0958"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setActive(0)
          props.onQuery(event.target.value)
        }}
        onKeyDown={onKeyDown}
      />
      {suggestions.length > 0 && (
        <ul id={listId} role="listbox" aria-label="Contacts" className="recipients__suggestions">
          {suggestions.map((c) => (
            <li
              key={c.id}
              id={`${listId}-${c.id}`}
              role="option"
              aria-selected={c === highlighted}
              className="recipients__suggestion"
              onMouseDown={(event) => {
                // Keeps focus in the field.
                event.preventDefault()
                add(c)
              }}
            >
              <span>{c.name}</span> <span className="recipients__number">{formatHandle(c.phoneNumber)}</span>
            </li>
          ))}
        </ul>
      )}
      <FormError id={errorId} error={props.error} />
    </div>
  )
}
