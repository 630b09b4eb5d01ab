// Files in the composer's tray: each File becomes a tray entry at once; main then checks it (size, type,
// readable, and in Electron the file itself by its path) and answers with a staged file or a refusal, which
// replaces the entry. In Electron the paperclip opens main's own file picker, so no path ever comes from
// the page; in the web bridge the page's file input sends bytes.
import { LIMITS } from '../../../shared/domain'
import { errorText, linq } from '../../linq'
import { formatBytes } from '../../../shared/format-bytes'
import { trayOf, useStagedStore, type TrayItem } from '../staged'
import { callOrNotify, ignore } from './call'
import { currentWorkspaceId } from './session'

let traySeq = 0
const MAX_NAME = 255

function fileName(file: File): string {
  const name = file.name.trim()
  if (name) return name.length > MAX_NAME ? name.slice(name.length - MAX_NAME) : name
  // Pasted images often have no name at all.
  const extension = /^image\/(png|jpeg|gif|webp|heic)$/.exec(file.type)?.[1]
  return extension ? `Pasted image.${extension === 'jpeg' ? 'jpg' : extension}` : 'Pasted file'
}

export async function stageFiles(chatId: string, files: File[]): Promise<void> {
  if (files.length === 0) return
  const workspaceId = currentWorkspaceId()
  const inTray = trayOf(useStagedStore.getState(), chatId).filter((i) => i.state !== 'failed').length
  const items: TrayItem[] = files.map((file, index) => {
    const base = { key: `tray_${++traySeq}`, name: fileName(file), sizeBytes: file.size }
    if (inTray + index >= LIMITS.maxFilesPerMessage)
      return {
        ...base,
        state: 'failed',
        error: `At most ${LIMITS.maxFilesPerMessage} files can go in one message.`,
      }
    // Checked here too so a huge file is not read into memory only to be refused.
    if (file.size > LIMITS.maxAttachmentBytes)
      return {
        ...base,
        state: 'failed',
        error: `Too large: files can be at most ${formatBytes(LIMITS.maxAttachmentBytes)}.`,
      }
    return { ...base, state: 'staging' }
  })
  useStagedStore.getState().add(chatId, items)
  await Promise.all(
    items.map((item, i) =>
      item.state === 'staging' ? stageOne(chatId, item, files[i]!, workspaceId) : undefined,
    ),
  )
}

async function stageOne(
  chatId: string,
  item: TrayItem,
  file: File,
  workspaceId: string | null,
): Promise<void> {
  let settled: TrayItem
  try {
    const result = await linq().stageFile(file, item.name)
    settled = result.ok
      ? {
          key: item.key,
          state: 'ready',
          name: result.file.name,
          sizeBytes: result.file.sizeBytes,
          file: result.file,
        }
      : {
          key: item.key,
          state: 'failed',
          name: result.name || item.name,
          sizeBytes: item.sizeBytes,
          error: result.error,
        }
  } catch (error) {
    settled = { ...item, state: 'failed', error: errorText(error, `${item.name} could not be added.`) }
  }
  if (currentWorkspaceId() !== workspaceId) return
  const kept = useStagedStore.getState().settle(chatId, settled)
  // Removed from the tray while main was still checking it: main holds a copy, so let it go there too.
  if (!kept && settled.state === 'ready') linq().unstageFile({ id: settled.file.id }).catch(ignore)
}

export function unstage(chatId: string, item: TrayItem): void {
  useStagedStore.getState().remove(chatId, [item.key])
  if (item.state === 'ready') linq().unstageFile({ id: item.file.id }).catch(ignore)
}

/** Electron: main shows the system's picker and stages what the user chose; each file joins the tray. */
export async function pickFiles(chatId: string): Promise<void> {
  const workspaceId = currentWorkspaceId()
  const results = await callOrNotify(() => linq().pickFiles(), 'The files could not be added.')
  if (!results || currentWorkspaceId() !== workspaceId) return
  const items = results.map((result): TrayItem => {
    const key = `tray_${++traySeq}`
    return result.ok
      ? { key, state: 'ready', name: result.file.name, sizeBytes: result.file.sizeBytes, file: result.file }
      : { key, state: 'failed', name: result.name, sizeBytes: 0, error: result.error }
  })
  if (items.length > 0) useStagedStore.getState().add(chatId, items)
}
