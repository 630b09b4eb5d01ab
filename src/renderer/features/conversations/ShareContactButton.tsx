// Conversations: sends the user's contact card into the chat (Linq's shareContactCard), from the composer.
import { useState } from 'react'
import { errorText, linq } from '../../linq'
import { useUiStore } from '../../state/ui'
import { IconButton } from '../../ui/IconButton'
import { GroupIcon } from '../../ui/icons'

export function ShareContactButton({ chatId }: { chatId: string }) {
  const [busy, setBusy] = useState(false)
  const share = async () => {
    setBusy(true)
    try {
      await linq().shareContactCard({ chatId })
      useUiStore.getState().notify('info', 'Your contact card was shared.')
    } catch (error) {
      useUiStore.getState().notify('error', errorText(error, 'Your contact card could not be shared.'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <IconButton
      className="composer__share-contact"
      label="Share your contact card"
      icon={<GroupIcon />}
      disabled={busy}
      onClick={() => void share()}
    />
  )
}
