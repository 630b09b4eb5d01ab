// Handing things to the operating system through main: open or save an attachment, show it in its folder,
// open a link in the browser. Main decides what is safe (state/actions/call.ts says how a refusal shows).
import { linq } from '../../linq'
import { useUiStore } from '../ui'
import { callOrNotify } from './call'

export async function openAttachment(chatId: string, attachmentId: string): Promise<void> {
  const result = await callOrNotify(
    () => linq().openAttachment({ chatId, attachmentId }),
    'Could not open the attachment.',
  )
  // Main shows programs and scripts in their folder instead of opening them, and says why.
  if (result && !result.opened) useUiStore.getState().notify('error', result.reason)
}

export async function saveAttachment(chatId: string, attachmentId: string): Promise<void> {
  const result = await callOrNotify(
    () => linq().saveAttachment({ chatId, attachmentId }),
    'Could not save the attachment.',
  )
  if (result) useUiStore.getState().notify('info', `Saved to ${result.path}`)
}

export async function showAttachmentInFolder(chatId: string, attachmentId: string): Promise<void> {
  await callOrNotify(
    () => linq().showAttachmentInFolder({ chatId, attachmentId }),
    'Could not show the file in its folder.',
  )
}

export async function openExternalLink(url: string): Promise<void> {
  await callOrNotify(() => linq().openExternal({ url }), 'Could not open the link.')
}
