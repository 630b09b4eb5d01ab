// Delivery state of an own message: an icon with a label; while uploading, a progress bar with Cancel; for
// a failed one, the reason with Retry / Discard.
import type { Message } from '../../../shared/domain'
import { cancelUpload, discardMessage, retryMessage } from '../../state/actions/message'
import { formatBytes } from '../../../shared/format-bytes'
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from '../../ui/icons'

export const STATUS_LABEL: Record<Message['status'], string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
  received: 'Received',
}

export function StatusIcon({ status }: { status: Message['status'] }) {
  const label = STATUS_LABEL[status]
  const icon =
    status === 'queued' || status === 'sending' ? (
      <ClockIcon />
    ) : status === 'sent' ? (
      <CheckIcon />
    ) : status === 'delivered' || status === 'read' ? (
      <DoubleCheckIcon />
    ) : status === 'failed' ? (
      <AlertIcon />
    ) : null
  if (!icon) return null
  return (
    <span className={`status-icon status-icon--${status}`} role="img" aria-label={label} title={label}>
      {icon}
    </span>
  )
}

export function FailedActions({ chatId, message }: { chatId: string; message: Message }) {
  const localId = message.localId
  const retryable = message.failure?.retryable ?? true
  return (
    <div className="message-failure" role="group" aria-label="Message not sent">
      <span className="message-failure__text">
        <AlertIcon className="message-failure__icon" />
        Not sent{message.failure?.message ? `: ${message.failure.message}` : '.'}
      </span>
      {localId && (
        <span className="message-failure__actions">
          {retryable && (
            <button type="button" className="link-button" onClick={() => void retryMessage(chatId, localId)}>
              Retry
            </button>
          )}
          <button type="button" className="link-button" onClick={() => void discardMessage(chatId, localId)}>
            Discard
          </button>
        </span>
      )}
    </div>
  )
}

export function UploadProgress({ chatId, message }: { chatId: string; message: Message }) {
  const upload = message.upload
  if (!upload || (message.status !== 'sending' && message.status !== 'queued')) return null
  const percent =
    upload.totalBytes > 0 ? Math.min(100, Math.floor((upload.sentBytes / upload.totalBytes) * 100)) : 0
  const localId = message.localId
  return (
    <div className="upload-progress">
      <progress max={100} value={percent} aria-label="Upload progress" aria-valuetext={`${percent}%`} />
      <span className="upload-progress__text">
        {message.status === 'queued'
          ? 'Waiting to upload'
          : `${formatBytes(upload.sentBytes)} of ${formatBytes(upload.totalBytes)}`}
      </span>
      {localId && (
        <button type="button" className="link-button" onClick={() => void cancelUpload(chatId, localId)}>
          Cancel
        </button>
      )}
    </div>
  )
}
