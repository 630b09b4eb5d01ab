// The new-chat screen's door: always in the first chunk so Ctrl/Cmd+N and every other way in work, while the
// form itself (NewChatForm.tsx) is fetched the first time it opens: the first screen never needs it.
import { lazy, Suspense } from 'react'
import { useUiStore } from '../../state/ui'
import { DialogLoading } from '../../ui/Loading'

const NewChatForm = lazy(() => import('./NewChatForm').then((m) => ({ default: m.NewChatForm })))

export function NewChatDialog() {
  const request = useUiStore((s) => s.newChatRequest)
  if (!request) return null
  return (
    <Suspense fallback={<DialogLoading label="Opening New chat…" />}>
      <NewChatForm request={request} onClose={() => useUiStore.getState().setNewChatRequest(null)} />
    </Suspense>
  )
}
