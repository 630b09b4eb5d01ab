import { app, BrowserWindow, dialog, shell, type OpenDialogOptions } from 'electron'
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
    // Main runs the picker and keeps the paths: the page only ever sees the staged files' names.
    async pickFiles() {
      const options: OpenDialogOptions = { properties: ['openFile', 'multiSelections'] }
      const window = BrowserWindow.getFocusedWindow()
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options)
      return result.canceled ? [] : result.filePaths
    },
  }
}
