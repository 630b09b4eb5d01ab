// The files waiting to go with the next message: image thumbnails (from main's preview URL), name and size
// for other files, "Adding…" while main checks a file, and main's reason next to a file it refused.
import { unstage } from '../../state/actions/tray'
import { trayOf, useStagedStore, type TrayItem } from '../../state/staged'
import { formatBytes } from '../../../shared/format-bytes'
import { IconButton } from '../../ui/IconButton'
import { AlertIcon, CloseIcon, FileIcon } from '../../ui/icons'

const THUMB = 56

function Thumbnail({ item }: { item: TrayItem }) {
  if (item.state === 'ready' && item.file.previewSrc)
    return <img className="tray-item__thumb" src={item.file.previewSrc} alt="" width={THUMB} height={THUMB} />
  return (
    <span className="tray-item__thumb tray-item__thumb--icon" aria-hidden="true">
      {item.state === 'failed' ? <AlertIcon /> : <FileIcon />}
    </span>
  )
}

export function ComposerTray({ chatId }: { chatId: string }) {
  const items = useStagedStore((s) => trayOf(s, chatId))
  if (items.length === 0) return null
  return (
    <ul className="tray" aria-label="Files to send">
      {items.map((item) => (
        <li
          key={item.key}
          className={`tray-item tray-item--${item.state}`}
          data-testid="staged-file"
          data-state={item.state}
          aria-busy={item.state === 'staging' || undefined}
        >
          <Thumbnail item={item} />
          <span className="tray-item__text">
            <span className="tray-item__name" title={item.name}>
              {item.name}
            </span>
            {item.state === 'failed' ? (
              <span className="tray-item__error" role="alert">
                {item.error}
              </span>
            ) : (
              <span className="tray-item__detail">
                {item.state === 'staging' ? 'Adding…' : formatBytes(item.sizeBytes)}
              </span>
            )}
          </span>
          <IconButton
            className="tray-item__remove"
            label={`Remove ${item.name}`}
            icon={<CloseIcon />}
            onClick={() => unstage(chatId, item)}
          />
        </li>
      ))}
    </ul>
  )
}
