// Inline editing of an own sent message: Enter saves, Shift+Enter is a new line, Escape cancels. The new
// text shows at once; if Linq refuses it the old text comes back with a notice (state/actions/message.ts).
import { useId, useLayoutEffect, useState, type KeyboardEvent } from 'react'
import { LIMITS, type Message } from '../../../shared/domain'
import { editMessage } from '../../state/actions/message'
import { useUiStore } from '../../state/ui'
import { focusMessage } from './message-rules'
import { useAutoGrowField } from '../../ui/use-auto-grow'

export function MessageEditor({ chatId, message }: { chatId: string; message: Message }) {
  const [text, setText] = useState(message.text)
  const [problem, setProblem] = useState<string | null>(null)
  const field = useAutoGrowField(text)
  const problemId = useId()

  useLayoutEffect(() => {
    const el = field.current
    if (!el) return
    el.focus()
    el.setSelectionRange(el.value.length, el.value.length)
  }, [field])

  const close = () => {
    useUiStore.getState().setEditing(null)
    // The editor unmounts with this render; focus goes back to the message it was in.
    requestAnimationFrame(() => focusMessage(message.id))
  }

  const save = () => {
    if (text.trim() === '') {
      setProblem('A message cannot be empty. Delete it instead, or press Escape to keep it.')
      return
    }
    if (text.length > LIMITS.maxTextLength) {
      setProblem(`Messages can be at most ${LIMITS.maxTextLength.toLocaleString()} characters.`)
      return
    }
    close()
    if (text !== message.text) void editMessage(chatId, message.id, text)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      close()
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      save()
    }
  }

  return (
    <div className="message-editor">
      <textarea
        ref={field}
        className="message-editor__field"
        aria-label="Edit message"
        aria-describedby={problem ? problemId : undefined}
        aria-invalid={problem !== null || undefined}
        value={text}
        rows={1}
        onChange={(event) => {
          setText(event.target.value)
          setProblem(null)
        }}
        onKeyDown={onKeyDown}
      />
      {problem && (
        <p id={problemId} className="message-editor__problem" role="alert">
          {problem}
        </p>
      )}
      <div className="message-editor__actions">
        <button type="button" className="link-button" onClick={close}>
          Cancel
        </button>
        <button type="button" className="link-button link-button--strong" onClick={save}>
          Save
        </button>
      </div>
    </div>
  )
}
