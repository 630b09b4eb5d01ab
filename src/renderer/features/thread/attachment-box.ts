// How much room an attachment takes in a bubble, known from its metadata before any bytes arrive: the
// image box reserves it (no jump when the image loads) and the row estimate counts it.
import type { Attachment } from '../../../shared/domain'

export const IMAGE_MAX_WIDTH = 240
export const IMAGE_MAX_HEIGHT = 320
/** Box for an image whose size Linq did not report. */
const UNKNOWN_SIZE = { width: 240, height: 180 }

export function imageBox(attachment: Pick<Attachment, 'width' | 'height'>): {
  width: number
  height: number
} {
  const { width, height } = attachment
  if (!width || !height || width <= 0 || height <= 0) return UNKNOWN_SIZE
  const scale = Math.min(1, IMAGE_MAX_WIDTH / width, IMAGE_MAX_HEIGHT / height)
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

export function isInlineImage(attachment: Attachment): boolean {
  return attachment.mimeType.startsWith('image/') && attachment.src !== ''
}
