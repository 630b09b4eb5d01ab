// Attachments in a bubble: images inline (their box sized from metadata before the bytes arrive, so the
// thread does not jump), other files as chips. Bytes come from main through `attachment.src`.
import { memo, useState } from 'react'
import type { Attachment } from '../../../shared/domain'
import { openAttachment, saveAttachment, showAttachmentInFolder } from '../../state/actions/system'
import { useUiStore } from '../../state/ui'
import { formatBytes } from '../../../shared/format-bytes'
import { IconButton } from '../../ui/IconButton'
import { DownloadIcon, FileIcon, FolderIcon } from '../../ui/icons'
import { imageBox, isInlineImage } from './attachment-box'

function ImageAttachment({ chatId, attachment }: { chatId: string; attachment: Attachment }) {
  const [failed, setFailed] = useState(false)
  const box = imageBox(attachment)
  const known = Boolean(attachment.width && attachment.height)
  return (
    <button
      type="button"
      className={`attachment-image${known ? '' : ' attachment-image--unknown-size'}`}
      style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}
      onClick={() => useUiStore.getState().setLightbox({ chatId, attachmentId: attachment.id })}
      aria-label={`View image ${attachment.filename}`}
      data-attachment-id={attachment.id}
    >
      {failed ? (
        <span className="attachment-image__unavailable">Image not available offline</span>
      ) : (
        <img
          src={attachment.src}
          alt=""
          width={box.width}
          height={box.height}
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={() => setFailed(true)}
        />
      )}
    </button>
  )
}

function FileAttachment({ chatId, attachment }: { chatId: string; attachment: Attachment }) {
  return (
    <span className="file-chip">
      <button
        type="button"
        className="file-chip__open"
        onClick={() => void openAttachment(chatId, attachment.id)}
        title={`Open ${attachment.filename}`}
      >
        <FileIcon className="file-chip__icon" />
        {/* The accessible name is the visible text with "Open" before it, so voice control can say what it sees. */}
        <span className="sr-only">Open</span>{' '}
        <span className="file-chip__text">
          <span className="file-chip__name">{attachment.filename}</span>{' '}
          {attachment.sizeBytes > 0 && (
            <span className="file-chip__size">{formatBytes(attachment.sizeBytes)}</span>
          )}
        </span>
      </button>
      <FileActions chatId={chatId} attachment={attachment} />
    </span>
  )
}

/** Save to Downloads and Show in folder, for file chips and the lightbox. */
export function FileActions({ chatId, attachment }: { chatId: string; attachment: Attachment }) {
  return (
    <>
      <IconButton
        className="file-chip__action"
        label={`Save ${attachment.filename} to Downloads`}
        icon={<DownloadIcon />}
        onClick={() => void saveAttachment(chatId, attachment.id)}
      />
      <IconButton
        className="file-chip__action"
        label={`Show ${attachment.filename} in folder`}
        icon={<FolderIcon />}
        onClick={() => void showAttachmentInFolder(chatId, attachment.id)}
      />
    </>
  )
}

export const Attachments = memo(function Attachments({
  chatId,
  attachments,
}: {
  chatId: string
  attachments: Attachment[]
}) {
  if (attachments.length === 0) return null
  return (
    <div className="attachments">
      {attachments.map((a) =>
        isInlineImage(a) ? (
          <ImageAttachment key={a.id} chatId={chatId} attachment={a} />
        ) : (
          <FileAttachment key={a.id} chatId={chatId} attachment={a} />
        ),
      )}
    </div>
  )
})
