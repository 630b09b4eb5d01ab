// Files dropped anywhere on the open thread go to its tray. While files are dragged over it, the thread
// shows where they will go. Drags of text or links are left alone.
import { useRef, useState, type DragEvent, type ReactNode } from 'react'
import { stageFiles } from '../../state/actions/tray'
import { PaperclipIcon } from '../../ui/icons'

function carriesFiles(event: DragEvent): boolean {
  const types = event.dataTransfer?.types
  return types !== undefined && Array.from(types).includes('Files')
}

export function DropZone({
  chatId,
  title,
  children,
}: {
  chatId: string
  title: string
  children: ReactNode
}) {
  const [dragging, setDragging] = useState(false)
  // dragenter/dragleave fire for every child crossed; only the outermost pair matters.
  const depth = useRef(0)

  const onDragEnter = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth.current++
    setDragging(true)
  }
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    if (!dragging) setDragging(true)
  }
  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return
    depth.current = Math.max(0, depth.current - 1)
    if (depth.current === 0) setDragging(false)
  }
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    depth.current = 0
    setDragging(false)
    const files = Array.from(event.dataTransfer?.files ?? [])
    if (files.length === 0) return
    event.preventDefault()
    void stageFiles(chatId, files)
  }

  return (
    <div
      className={`drop-zone${dragging ? ' drop-zone--active' : ''}`}
      data-testid="drop-zone"
      data-active={dragging}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {children}
      {dragging && (
        <div className="drop-zone__overlay" role="status">
          <PaperclipIcon className="drop-zone__icon" />
          <span>Drop files to send to {title}</span>
        </div>
      )}
    </div>
  )
}
