// The message field: grows with its text, Enter sends, Shift+Enter is a new line. The text is the chat's
// draft (kept per chat and across restarts by main). Whitespace alone is never sent; text over the limit
// is kept but not sent, with the reason on screen. Files come from the paperclip, a paste or a drop
// (features/attachments) and wait in the tray above the field; the text goes with them as a caption.
import { useId, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react'
import { LIMITS, type Service } from '../../../shared/domain'
import { sendMessage } from '../../state/actions/message'
import { pickFiles, stageFiles } from '../../state/actions/tray'
import { useDraftsStore } from '../../state/drafts'
import { useSessionStore } from '../../state/session'
import { readyIds, trayOf, useStagedStore } from '../../state/staged'
import { formatCount } from '../../ui/format'
import { IconButton } from '../../ui/IconButton'
import { PaperclipIcon, SendIcon } from '../../ui/icons'
import { ComposerTray } from '../attachments/ComposerTray'
import { SegmentCounter } from '../conversations/SegmentCounter'
import { ShareContactButton } from '../conversations/ShareContactButton'
import { typingInput, typingStopped } from '../../state/conversations'
import { useAutoGrowField } from '../../ui/use-auto-grow'

/** The counter appears when the text gets this close to the limit. */
const COUNTER_FROM = LIMITS.maxTextLength * 0.9

const PLACEHOLDER: Record<Service, string> = { iMessage: 'iMessage', SMS: 'Text message', RCS: 'RCS message' }

export function overLimitMessage(length: number): string | null {
  if (length <= LIMITS.maxTextLength) return null
  const over = length - LIMITS.maxTextLength
  return `Messages can be at most ${formatCount(LIMITS.maxTextLength)} characters. Remove ${formatCount(over)} ${
    over === 1 ? 'character' : 'characters'
  } to send.`
}

export function Composer({ chatId, service }: { chatId: string; service: Service | null }) {
  // The Electron app's picker runs in main, which keeps the paths; the web bridge uses the file input.
  const nativePicker = useSessionStore((s) => s.appInfo?.runtime === 'electron')
  const text = useDraftsStore((s) => s.drafts[chatId] ?? '')
  const tray = useStagedStore((s) => trayOf(s, chatId))
  const [sendError, setSendError] = useState<string | null>(null)
  const sending = useRef(false)
  const field = useAutoGrowField(text)
  const picker = useRef<HTMLInputElement>(null)
  const statusId = useId()

  const attachmentIds = readyIds(tray)
  const staging = tray.some((item) => item.state === 'staging')
  const limitError = overLimitMessage(text.length)
  const hasContent = text.trim() !== '' || attachmentIds.length > 0
  const sendable = hasContent && limitError === null && !staging

  const setText = (value: string) => {
    useDraftsStore.getState().setDraft(chatId, value)
    // Conversations: Linq shows typing in iMessage chats only.
    if (service === 'iMessage') typingInput(chatId, value)
    if (sendError) setSendError(null)
  }

  const send = async () => {
    if (!sendable || sending.current) return
    sending.current = true
    typingStopped(chatId)
    const typed = text
    const sentKeys = tray.filter((item) => item.state === 'ready').map((item) => item.key)
    // The field empties at once; if main refuses the message, the text comes back.
    useDraftsStore.getState().setDraft(chatId, '')
    const outcome = await sendMessage(chatId, typed.trim(), attachmentIds)
    sending.current = false
    if (outcome.ok) {
      useStagedStore.getState().remove(chatId, sentKeys)
      return
    }
    if ((useDraftsStore.getState().drafts[chatId] ?? '') === '')
      useDraftsStore.getState().setDraft(chatId, typed)
    setSendError(outcome.error)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an input method is composing confirms the composition, it does not send.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return
    event.preventDefault()
    void send()
  }

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files)
    if (files.length === 0) return
    // A copied image often carries its name or URL as text too: the image is what was meant.
    if (!event.clipboardData.types.includes('text/plain') || files.some((f) => f.type.startsWith('image/')))
      event.preventDefault()
    void stageFiles(chatId, files)
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void send()
  }

  const hint = staging && hasContent ? 'Adding files… the message can be sent when they are ready.' : null
  return (
    <form className="composer" onSubmit={onSubmit} aria-label="Send a message">
      <ComposerTray chatId={chatId} />
      <div className="composer__row">
        <IconButton
          className="composer__attach"
          label="Attach files"
          icon={<PaperclipIcon />}
          onClick={() => (nativePicker ? void pickFiles(chatId) : picker.current?.click())}
        />
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          onChange={(event) => {
            const files = Array.from(event.target.files ?? [])
            // Cleared so picking the same file again still fires a change.
            event.target.value = ''
            void stageFiles(chatId, files)
          }}
        />
        <textarea
          ref={field}
          className="composer__field"
          rows={1}
          aria-label="Message"
          placeholder={service ? PLACEHOLDER[service] : 'Message'}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          aria-invalid={limitError !== null || undefined}
          aria-describedby={statusId}
          autoFocus
        />
        <ShareContactButton chatId={chatId} />
        <IconButton
          type="submit"
          className="composer__send"
          label="Send"
          icon={<SendIcon />}
          disabled={!sendable}
        />
      </div>
      <ComposerStatus id={statusId} length={text.length} problem={limitError ?? sendError} hint={hint} />
      {service === 'SMS' && <SegmentCounter text={text} />}
    </form>
  )
}

/**
 * Under the field: what stops the message from going (or a hint while files are added), and the length
 * counter near the limit.
 */
function ComposerStatus({
  id,
  length,
  problem,
  hint,
}: {
  id: string
  length: number
  problem: string | null
  hint: string | null
}) {
  const over = length > LIMITS.maxTextLength
  return (
    <div id={id} className="composer__status">
      {problem && (
        <span className="composer__error" role="alert">
          {problem}
        </span>
      )}
      {!problem && hint && <span className="composer__hint">{hint}</span>}
      {length >= COUNTER_FROM && (
        <span className={`composer__counter${over ? ' composer__counter--over' : ''}`}>
          <span aria-hidden="true">
            {formatCount(length)} / {formatCount(LIMITS.maxTextLength)}
          </span>
          <span className="sr-only">
            {formatCount(length)} of {formatCount(LIMITS.maxTextLength)} characters
          </span>
        </span>
      )}
    </div>
  )
}
