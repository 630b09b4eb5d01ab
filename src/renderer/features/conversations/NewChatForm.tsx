// The new-chat screen (Ctrl/Cmd+N, the chat list's New chat button, the tray's New Chat, linq-desktop://new
// links): the Linq number to send from, recipients (numbers in any country's format or contacts' names)
// with whether each is on iMessage, a group name for two or more, and the first message. Sending finds
// the chat with exactly these people first (the cache, then Linq) and opens it with the text in its
// composer; otherwise main queues the creation durably and the chat opens when Linq has it. Its own chunk,
// loaded when it first opens (NewChatDialog.tsx).
import { useEffect, useId, useState, type FormEvent } from 'react'
import { CONVERSATION_LIMITS, type ContactCard } from '../../../shared/domain'
import { parsePhone, sameNumber } from '../../../shared/phone'
import { errorText, linq } from '../../linq'
import { openChat } from '../../state/actions/thread'
import { useChatsStore } from '../../state/chats'
import { checkAvailability, createNewChat, useConversationsStore } from '../../state/conversations'
import { useDraftsStore } from '../../state/drafts'
import { usePhoneRegionStore } from '../../state/phone-region'
import { signedInWorkspace, useSessionStore } from '../../state/session'
import { useUiStore, type NewChatRequest } from '../../state/ui'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { formatHandle } from '../../ui/format'
import { FormError } from '../../ui/FormError'
import { RecipientField } from './RecipientField'
import { SegmentCounter } from './SegmentCounter'

/** Availability is asked for once the recipients have been still this long. */
const CHECK_DEBOUNCE_MS = 400

/** Why a typed recipient cannot be added, or its E.164 number. */
function readRecipient(
  input: string,
  own: string[],
  region: ReturnType<typeof usePhoneRegionStore.getState>['region'],
) {
  const parsed = parsePhone(input, region)
  if (!parsed.ok) {
    if (parsed.reason === 'not-a-number') return { error: `No contact matches “${input.trim()}”.` }
    return parsed.reason === 'empty'
      ? { error: 'Type a name or a number.' }
      : { error: `${input.trim()} is not a valid phone number.` }
  }
  if (own.some((n) => sameNumber(n, parsed.e164)))
    return { error: `${formatHandle(parsed.e164)} is one of your own Linq numbers.` }
  return { e164: parsed.e164 }
}

export function NewChatForm({ request, onClose }: { request: NewChatRequest; onClose: () => void }) {
  const workspace = useSessionStore((s) => signedInWorkspace(s.session))
  const numbers = workspace?.phoneNumbers.map((p) => p.number) ?? []
  const activeNumber = useChatsStore((s) => {
    const id = useUiStore.getState().activeChatId
    return id ? s.byId[id]?.phoneNumber : undefined
  })
  const region = usePhoneRegionStore((s) => s.region)
  const availability = useConversationsStore((s) => s.availability)
  const [from, setFrom] = useState(activeNumber ?? numbers[0] ?? '')
  const [recipients, setRecipients] = useState<string[]>(request.to)
  const [query, setQuery] = useState('')
  const [groupName, setGroupName] = useState('')
  const [text, setText] = useState(request.text)
  const [recipientError, setRecipientError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const fromId = useId()
  const groupId = useId()
  const textId = useId()

  useEffect(() => {
    if (recipients.length === 0) return
    const timer = setTimeout(() => checkAvailability(recipients), CHECK_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [recipients])

  const add = (input: string, contact: ContactCard | null): string | null => {
    const read = readRecipient(contact ? contact.phoneNumber : input, numbers, region)
    if ('error' in read) {
      setRecipientError(read.error ?? null)
      return null
    }
    if (!recipients.includes(read.e164) && recipients.length >= CONVERSATION_LIMITS.maxRecipients) {
      setRecipientError(`A chat can have at most ${CONVERSATION_LIMITS.maxRecipients} recipients.`)
      return null
    }
    if (!recipients.includes(read.e164)) setRecipients([...recipients, read.e164])
    setQuery('')
    setRecipientError(null)
    return read.e164
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    let to = recipients
    if (query.trim()) {
      const added = add(query, null)
      if (!added) return
      to = recipients.includes(added) ? recipients : [...recipients, added]
    }
    if (to.length === 0) return setRecipientError('Add at least one recipient.')
    if (text.trim() === '') return setError('Type the first message.')
    setBusy(true)
    setError(null)
    try {
      const { chatId } = await linq().findChatWith({ from, to })
      if (chatId) {
        // The chat exists: it opens with the text in its composer, never sent by itself.
        const drafts = useDraftsStore.getState()
        const typed = drafts.drafts[chatId] ?? ''
        if (!typed.includes(text))
          drafts.setDraft(chatId, typed.trim() ? `${typed.trimEnd()}\n${text}` : text)
        onClose()
        openChat(chatId)
        return
      }
      await createNewChat({
        from,
        to,
        displayName: to.length > 1 ? groupName.trim() || null : null,
        text: text.trim(),
      })
      onClose()
    } catch (err) {
      setError(errorText(err, 'The chat could not be started.'))
    } finally {
      setBusy(false)
    }
  }

  const willBeSms = recipients.some((r) => availability[r] === 'sms')
  return (
    <Dialog title="New chat" onClose={onClose} className="new-chat">
      <form className="new-chat__form" onSubmit={(e) => void submit(e)} aria-label="New chat">
        {numbers.length > 1 && (
          <>
            <label htmlFor={fromId} className="field-label">
              Send from
            </label>
            <select id={fromId} className="input" value={from} onChange={(e) => setFrom(e.target.value)}>
              {numbers.map((n) => (
                <option key={n} value={n}>
                  {formatHandle(n)}
                </option>
              ))}
            </select>
          </>
        )}
        <RecipientField
          recipients={recipients}
          query={query}
          error={recipientError}
          onQuery={(q) => {
            setQuery(q)
            setRecipientError(null)
          }}
          onAdd={(input, contact) => add(input, contact) !== null}
          onRemove={(e164) => setRecipients(recipients.filter((r) => r !== e164))}
        />
        {recipients.length > 1 && (
          <>
            <label htmlFor={groupId} className="field-label">
              Group name (optional)
            </label>
            <input
              id={groupId}
              className="input"
              value={groupName}
              maxLength={CONVERSATION_LIMITS.maxGroupNameLength}
              onChange={(e) => setGroupName(e.target.value)}
            />
          </>
        )}
        <label htmlFor={textId} className="field-label">
          Message
        </label>
        <textarea
          id={textId}
          className="input new-chat__text"
          rows={3}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setError(null)
          }}
        />
        {willBeSms && <SegmentCounter text={text} />}
        <FormError error={error} />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Send
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
