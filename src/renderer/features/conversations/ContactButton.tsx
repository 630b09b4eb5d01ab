// Conversations: the thread header's "add / edit contact" button for one participant.
import { useConversationsStore } from '../../state/conversations'
import { IconButton } from '../../ui/IconButton'
import { EditIcon } from '../../ui/icons'
import { contactName, formatHandle } from '../../ui/format'

export function ContactButton({ handle }: { handle: string }) {
  const name = contactName(handle)
  return (
    <IconButton
      className="participant__contact"
      label={name ? `Edit contact ${name}` : `Add ${formatHandle(handle)} to contacts`}
      icon={<EditIcon />}
      onClick={() => useConversationsStore.setState({ editingContact: handle })}
    />
  )
}
