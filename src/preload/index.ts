// The Electron preload: builds `window.linq` from the shared contract over ipcRenderer. Only the typed
// bridge crosses into the page; ipcRenderer itself never does.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { createBridge } from '../shared/bridge'
import { ipcChannel, preloadIpcChannel } from '../shared/channel-names'
import type { StageResult } from '../shared/domain'
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
  // The path is resolved here, in the isolated world, from a File the browser made for a real file: the
  // page can hand over a File but never a path (see preloadContract in src/shared/contract.ts).
  stageByPath(file) {
    const path = webUtils.getPathForFile(file)
    if (path === '') return null
    return ipcRenderer.invoke(preloadIpcChannel('stageDroppedFile'), { path }) as Promise<
      IpcResult<StageResult>
    >
  },
})

contextBridge.exposeInMainWorld('linq', bridge)
