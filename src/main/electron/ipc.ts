// Serves the shared contract over ipcMain: one handler per channel, each checking that the call comes from
// the app's own window and frame before the router validates the input.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { CHANNEL_NAMES, ipcChannel, PRELOAD_CHANNEL_NAMES, preloadIpcChannel } from '../../shared/contract'
import type { EventHub } from '../services/events'
import type { Dispatch } from '../services/ipc-router'

export function serveIpc(options: {
  dispatch: Dispatch
  /** The preload's own channels; same sender check. */
  dispatchPreload: Dispatch
  events: EventHub
  window: () => BrowserWindow | null
  isAppUrl: (url: string) => boolean
}): () => void {
  const isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const window = options.window()
    const frameUrl = event.senderFrame?.url ?? ''
    return window !== null && event.sender === window.webContents && options.isAppUrl(frameUrl)
  }
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(name), (event, input: unknown) =>
      options.dispatch(name, input, { trusted: isTrusted(event) }),
    )
  }
  for (const name of PRELOAD_CHANNEL_NAMES) {
    ipcMain.handle(preloadIpcChannel(name), (event, input: unknown) =>
      options.dispatchPreload(name, input, { trusted: isTrusted(event) }),
    )
  }
  const unsubscribe = options.events.subscribe((event, payload) => {
    const window = options.window()
    if (window && !window.isDestroyed()) window.webContents.send(ipcChannel(event), payload)
  })
  return () => {
    unsubscribe()
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(ipcChannel(name))
    for (const name of PRELOAD_CHANNEL_NAMES) ipcMain.removeHandler(preloadIpcChannel(name))
  }
}
