// The contact dialog's door (the thread header's Add / Edit contact): the form (ContactForm.tsx) is fetched
// the first time it opens, since the first screen never needs it.
import { lazy, Suspense } from 'react'
import { useConversationsStore } from '../../state/conversations'
import { DialogLoading } from '../../ui/Loading'

const ContactForm = lazy(() => import('./ContactForm').then((m) => ({ default: m.ContactForm })))

export function ContactDialog() {
  const handle = useConversationsStore((s) => s.editingContact)
  if (!handle) return null
  return (
    <Suspense fallback={<DialogLoading label="Opening contact…" />}>
      <ContactForm
        key={handle}
        handle={handle}
        onClose={() => useConversationsStore.setState({ editingContact: null })}
      />
    </Suspense>
  )
}
