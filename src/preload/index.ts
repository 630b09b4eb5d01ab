// The Electron preload: builds `window.linq` from the shared contract over ipcRenderer. Only the typed
// bridge crosses into the page; ipcRenderer itself never does.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { createBridge } from '../shared/bridge'
import { ipcChannel } from '../shared/contract'
import type { IpcResult } from '../shared/errors'

const bridge = createBridge({
  invoke: (channel, input) => ipcRenderer.invoke(ipcChannel(channel), input) as Promise<IpcResult<unknown>>,
  subscribe(event, listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(ipcChannel(event), handler)
    return () => {
      ipcRenderer.removeListener(ipcChannel(event), handler)
    }
  },
  filePath(file) {
    const path = webUtils.getPathForFile(file)
    return path === '' ? null : path
  },
})

contextBridge.exposeInMainWorld('linq', bridge)
