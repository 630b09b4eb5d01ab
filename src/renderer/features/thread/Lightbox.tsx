// An image full size. Left/Right move between the images of the loaded thread, Escape closes (the Dialog),
// and the file can be opened, saved or shown in its folder from here.
import { useEffect, useMemo } from 'react'
import type { Attachment } from '../../../shared/domain'
import { openAttachment } from '../../state/actions/system'
import { messageAt, useMessagesStore, type ThreadState } from '../../state/messages'
import { useUiStore } from '../../state/ui'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { formatBytes } from '../../../shared/format-bytes'
import { IconButton } from '../../ui/IconButton'
import { ChevronLeftIcon, ChevronRightIcon } from '../../ui/icons'
import { isInlineImage } from './attachment-box'
import { FileActions } from './Attachments'

function imagesOf(thread: ThreadState | undefined): Attachment[] {
  if (!thread) return []
  return thread.keys.flatMap((key) => messageAt(thread, key)!.attachments.filter(isInlineImage))
}

export function Lightbox() {
  const target = useUiStore((s) => s.lightbox)
  const thread = useMessagesStore((s) => (target ? s.threads[target.chatId] : undefined))
  const images = useMemo(() => imagesOf(thread), [thread])
  if (!target) return null
  const index = images.findIndex((a) => a.id === target.attachmentId)
  const image = images[index]
  if (!image) return null
  return <LightboxDialog chatId={target.chatId} images={images} index={index} image={image} />
}

function LightboxDialog({
  chatId,
  images,
  index,
  image,
}: {
  chatId: string
  images: Attachment[]
  index: number
  image: Attachment
}) {
  const show = (i: number) => {
    const next = images[i]
    if (next) useUiStore.getState().setLightbox({ chatId, attachmentId: next.id })
  }
  const close = () => useUiStore.getState().setLightbox(null)

  // Arrow keys work wherever focus is inside the lightbox (the buttons have their own keys otherwise).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return
      if (event.key === 'ArrowLeft' && index > 0) {
        event.preventDefault()
        show(index - 1)
      } else if (event.key === 'ArrowRight' && index < images.length - 1) {
        event.preventDefault()
        show(index + 1)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  })

  return (
    <Dialog title={image.filename} onClose={close} className="lightbox">
      <div className="lightbox__stage">
        <IconButton
          className="lightbox__nav lightbox__nav--prev"
          label="Previous image"
          icon={<ChevronLeftIcon />}
          disabled={index === 0}
          onClick={() => show(index - 1)}
        />
        <img
          key={image.id}
          className="lightbox__image"
          src={image.src}
          alt={image.filename}
          width={image.width}
          height={image.height}
          draggable={false}
        />
        <IconButton
          className="lightbox__nav lightbox__nav--next"
          label="Next image"
          icon={<ChevronRightIcon />}
          disabled={index === images.length - 1}
          onClick={() => show(index + 1)}
        />
      </div>
      <div className="lightbox__footer">
        <span className="lightbox__position" aria-live="polite">
          {index + 1} of {images.length}
          {image.sizeBytes > 0 ? ` · ${formatBytes(image.sizeBytes)}` : ''}
        </span>
        <span className="lightbox__actions">
          <Button onClick={() => void openAttachment(chatId, image.id)}>Open</Button>
          <FileActions chatId={chatId} attachment={image} />
        </span>
      </div>
    </Dialog>
  )
}
