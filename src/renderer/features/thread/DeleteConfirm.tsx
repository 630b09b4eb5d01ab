// "Delete this message?" The message disappears at once after confirming and comes back with a notice if
// Linq refuses (state/actions/message.ts).
import { useRef } from 'react'
import { deleteMessage } from '../../state/actions/message'
import { messageById, useMessagesStore } from '../../state/messages'
import { useUiStore } from '../../state/ui'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { focusMessage, messageElement } from './message-rules'

const EXCERPT = 120

export function DeleteConfirm() {
  const target = useUiStore((s) => s.confirmDelete)
  const text = useMessagesStore((s) =>
    target ? (messageById(s.threads[target.chatId], target.messageId)?.text ?? null) : null,
  )
  const cancelRef = useRef<HTMLButtonElement>(null)
  if (!target || text === null) return null
  const { chatId, messageId } = target

  const close = (deleted: boolean) => {
    // Focus goes back to the message, or (once it is gone) to the thread.
    const next = deleted ? null : messageId
    useUiStore.getState().setConfirmDelete(null)
    requestAnimationFrame(() => {
      if (next !== null && messageElement(next)) focusMessage(next)
      else document.querySelector<HTMLElement>('.message-scroller')?.focus()
    })
  }

  const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text
  return (
    <Dialog
      title="Delete this message?"
      onClose={() => close(false)}
      className="dialog--small"
      initialFocus={cancelRef}
    >
      <p className="dialog__body">
        It will be removed from this chat in Linq. People who already received it may still have a copy.
      </p>
      {excerpt.trim() && <blockquote className="dialog__quote">{excerpt}</blockquote>}
      <div className="form-actions">
        <Button ref={cancelRef} onClick={() => close(false)}>
          Cancel
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            close(true)
            void deleteMessage(chatId, messageId)
          }}
        >
          Delete
        </Button>
      </div>
    </Dialog>
  )
}
