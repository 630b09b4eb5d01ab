import { app, shell } from 'electron'
import { AppError } from '../../shared/errors'
import { safeExternalUrl, type Shell } from '../services/shell'

export function electronShell(): Shell {
  return {
    async openExternal(raw) {
      const url = safeExternalUrl(raw)
      if (url) await shell.openExternal(url.toString())
    },
    async openPath(path) {
      const problem = await shell.openPath(path)
      if (problem) throw new AppError('file', `The file could not be opened: ${problem}`)
    },
    showItemInFolder: (path) => shell.showItemInFolder(path),
    downloadsDir: () => app.getPath('downloads'),
  }
}
