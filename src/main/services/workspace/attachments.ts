// A workspace's files: staging what the user adds to the composer, the local copies of attachments
// (downloaded once, kept for offline), and the media paths the renderer loads
// (`attachment/<id>`, `staged/<id>`, `outbox/<localId>/<index>`).
import type { Attachment, Message } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import type { MediaFile } from '../attachments/media-file'
import type { MediaStore } from '../attachments/media-store'
import type { Staging } from '../attachments/staging'
import type { Outbox, OutboxEntry } from '../outbox/outbox'
import type { AttachmentIndex } from './attachment-index'
import type { AttachmentOperations } from './types'

/** Sends whose attachment ids are remembered, so their queued URLs keep working (see keepSent). */
const SENT_REMEMBERED = 100

export function createAttachmentOperations(options: {
  staging: Staging
  media: MediaStore
  outbox: Pick<Outbox, 'file'>
  index: AttachmentIndex
}): AttachmentOperations & { keepSent(entry: OutboxEntry, message: Message): Promise<void> } {
  const { staging, media, index } = options
  // Linq's attachment ids of the latest sends, by local id: a queued file's URL keeps working once it is sent
  // (its copy is then gone), because the renderer may still load it before the accepted message reaches it.
  const sentAttachmentIds = new Map<string, string[]>()

  const requireAttachment = (chatId: string, attachmentId: string): Attachment => {
    const found = index.find(attachmentId, chatId)
    if (!found) throw new AppError('not-found', 'That attachment is no longer here.')
    return found
  }
  const resolveAttachment = async (attachmentId: string): Promise<MediaFile | null> => {
    const attachment = index.find(attachmentId)
    return attachment ? media.resolve(attachment).catch(() => null) : null
  }

  return {
    stagePath: (path) => staging.stagePath(path),
    stageFileBytes: (input) => staging.stageBytes(input),
    unstageFile: (id) => staging.unstage(id),

    async attachmentFile(chatId, attachmentId) {
      const file = await media.resolve(requireAttachment(chatId, attachmentId))
      if (!file) throw new AppError('not-found', 'That attachment is not available.')
      return file
    },
    saveAttachmentCopy: (chatId, attachmentId, targetDir) =>
      media.saveCopy(requireAttachment(chatId, attachmentId), targetDir),

    async resolveMedia(mediaPath) {
      const [kind, first, second] = mediaPath.split('/')
      if (kind === 'staged' && first) return staging.resolve(first)
      if (kind === 'outbox' && first && second !== undefined) {
        const file = options.outbox.file(first, Number(second))
        if (file) return { path: file.path, mimeType: file.mimeType, sizeBytes: file.sizeBytes }
        const sentId = sentAttachmentIds.get(first)?.[Number(second)]
        return sentId ? resolveAttachment(sentId) : null
      }
      if (kind === 'attachment' && first) return resolveAttachment(first)
      return null
    },

    /** Linq accepted a send: its files (still in the outbox) become the attachments' local copies. */
    async keepSent(entry, message) {
      // The files just uploaded are the attachments' bytes: kept so they show offline without a download.
      await Promise.all(
        message.attachments.map((a, i) => {
          const file = entry.files[i]
          return file ? media.put(a.id, file.path, a.filename).catch(() => undefined) : undefined
        }),
      )
      sentAttachmentIds.set(
        entry.localId,
        message.attachments.map((a) => a.id),
      )
      if (sentAttachmentIds.size > SENT_REMEMBERED)
        sentAttachmentIds.delete(sentAttachmentIds.keys().next().value!)
    },
  }
}
