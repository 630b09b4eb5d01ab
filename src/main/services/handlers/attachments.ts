// Files: adding them to the composer, and opening, saving and showing received attachments. The paths
// come from main (the picker) or the preload (a drop, through preloadHandlers), never from the page.
import type { StageResult } from '../../../shared/domain'
import { decideOpen } from '../attachments/open-policy'
import type { PreloadHandlers } from '../ipc-router'
import type { HandlerContext, HandlerGroup } from './context'

export function attachmentHandlers(
  ctx: HandlerContext,
): HandlerGroup<
  | 'pickFiles'
  | 'stageFileBytes'
  | 'unstageFile'
  | 'openAttachment'
  | 'saveAttachment'
  | 'showAttachmentInFolder'
> {
  const { shell } = ctx
  const ws = ctx.workspace
  return {
    pickFiles: async () => {
      const workspace = ws()
      const results: StageResult[] = []
      for (const path of await shell.pickFiles()) results.push(await workspace.stagePath(path))
      return results
    },
    stageFileBytes: (input) => ws().stageFileBytes(input),
    unstageFile: ({ id }) => ws().unstageFile(id),
    openAttachment: async ({ chatId, attachmentId }) => {
      const file = await ws().attachmentFile(chatId, attachmentId)
      const decision = await decideOpen(file.path, file.mimeType)
      if (decision.action === 'open') {
        await shell.openPath(file.path)
        return { opened: true }
      }
      // A program or script a customer sent: never run it; show where it is and say why.
      ctx.logger.warn('attachment not opened: it could run', { attachment: attachmentId })
      shell.showItemInFolder(file.path)
      return { opened: false, reason: decision.reason }
    },
    saveAttachment: async ({ chatId, attachmentId }) => ({
      path: await ws().saveAttachmentCopy(chatId, attachmentId, shell.downloadsDir()),
    }),
    showAttachmentInFolder: async ({ chatId, attachmentId }) => {
      const file = await ws().attachmentFile(chatId, attachmentId)
      shell.showItemInFolder(file.path)
    },
  }
}

/** The Electron preload's own channels (preloadContract): a dropped file's path, never from the page. */
export function preloadHandlers(ctx: HandlerContext): PreloadHandlers {
  return { stageDroppedFile: ({ path }) => ctx.workspace().stagePath(path) }
}
