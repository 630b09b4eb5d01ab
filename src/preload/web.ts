// The web bridge: the same `window.linq` as the Electron preload, built from the same contract, over a
// WebSocket to the loopback server that runs the main-process services in Node (npm run preview:web, e2e).
import { createBridge, decodeJson, encodeJson } from '../shared/bridge'
import type { ChannelName, EventName } from '../shared/contract'
import type { IpcResult } from '../shared/errors'

type ServerFrame =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }

const secret = new URLSearchParams(location.search).get('secret') ?? ''
const pending = new Map<number, (result: IpcResult<unknown>) => void>()
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
let nextId = 1
let socket: WebSocket | null = null
let opened: Promise<WebSocket> | null = null

const disconnected: IpcResult<unknown> = {
  ok: false,
  error: {
    kind: 'network',
    message: 'Lost the connection to the app. Reload to reconnect.',
    retryable: true,
  },
}

function connect(): Promise<WebSocket> {
  if (opened) return opened
  opened = new Promise((resolve, reject) => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge`, [
      `secret.${secret}`,
    ])
    ws.onopen = () => {
      socket = ws
      resolve(ws)
    }
    ws.onerror = () => reject(new Error('bridge connection failed'))
    ws.onclose = () => {
      socket = null
      opened = null
      for (const settle of pending.values()) settle(disconnected)
      pending.clear()
    }
    ws.onmessage = (message) => {
      const frame = decodeJson(String(message.data)) as ServerFrame
      if (frame.type === 'result') {
        pending.get(frame.id)?.(frame.result)
        pending.delete(frame.id)
      } else {
        for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload)
      }
    }
  })
  return opened
}

async function invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>> {
  let ws: WebSocket
  try {
    ws = socket ?? (await connect())
  } catch {
    return disconnected
  }
  const id = nextId++
  return new Promise((resolve) => {
    pending.set(id, resolve)
    ws.send(encodeJson({ type: 'invoke', id, channel, input }))
  })
}

const linq = createBridge({
  invoke,
  subscribe(event, listener) {
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    set.add(listener)
    void connect().catch(() => undefined)
    return () => {
      set.delete(listener)
    }
  },
  // No stageByPath: a browser's files have no path, so stageFile sends their bytes.
})

Object.defineProperty(window, 'linq', { value: Object.freeze(linq), writable: false, configurable: false })
