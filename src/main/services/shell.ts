// Handing things to the operating system: links to the browser, files to their apps. Only https: and
// mailto: links ever leave the app; everything else is refused here, in one place.
import { mkdirSync } from 'node:fs'
import { AppError } from '../../shared/errors'

export interface Shell {
  openExternal(url: string): Promise<void>
  openPath(path: string): Promise<void>
  showItemInFolder(path: string): void
  downloadsDir(): string
  /** The system's file picker (several files); the paths chosen, or [] when cancelled. */
  pickFiles(): Promise<string[]>
}

/** The URL if it may be opened outside the app (https: or mailto:, no credentials), else null. */
export function safeExternalUrl(raw: string): URL | null {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return null
  }
  if (url.protocol === 'mailto:') return url.pathname.length > 0 ? url : null
  if (url.protocol !== 'https:' || url.username || url.password || !url.hostname) return null
  return url
}

export function openExternalChecked(shell: Pick<Shell, 'openExternal'>, raw: string): Promise<void> {
  const url = safeExternalUrl(raw)
  if (!url) throw new AppError('validation', 'Only https and email links can be opened.')
  return shell.openExternal(url.toString())
}

/**
 * The Node twin (web bridge, tests): records what would have been opened. Its picker answers with the next
 * list in `picks` (a test puts them there), or as if cancelled.
 */
export function createRecordingShell(options: {
  downloadsDir: string
}): Shell & { opened: string[]; shown: string[]; picks: string[][] } {
  const opened: string[] = []
  const shown: string[] = []
  const picks: string[][] = []
  return {
    opened,
    shown,
    picks,
    async pickFiles() {
      return picks.shift() ?? []
    },
    async openExternal(url) {
      opened.push(url)
    },
    async openPath(path) {
      opened.push(path)
    },
    showItemInFolder(path) {
      shown.push(path)
    },
    downloadsDir() {
      mkdirSync(options.downloadsDir, { recursive: true })
      return options.downloadsDir
    },
  }
}
