// The web bridge: the same `window.linq` as the Electron preload, built from the same contract, over a
// WebSocket to the loopback server that runs the main-process services in Node (npm run preview:web, e2e).
import { createBridge, decodeJson, encodeJson } from '../shared/bridge'
import type { ChannelName, EventName } from '../shared/contract'
import type { IpcResult } from '../shared/errors'
import { createPendingCalls } from './pending-calls'

type ServerFrame =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }

const secret = new URLSearchParams(location.search).get('secret') ?? ''
const calls = createPendingCalls()
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
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
      calls.failAll(disconnected)
    }
    ws.onmessage = (message) => {
      let frame: ServerFrame
      try {
        frame = decodeJson(String(message.data)) as ServerFrame
      } catch {
        return
      }
      if (frame.type === 'result') calls.answer(frame.id, frame.result)
      else {
        for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload)
      }
    }
  })
  return opened
}

const unsendable: IpcResult<unknown> = {
  ok: false,
  error: { kind: 'validation', message: 'That request could not be sent to the app.', retryable: false },
}

async function invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>> {
  let ws: WebSocket
  try {
    ws = socket ?? (await connect())
  } catch {
    return disconnected
  }
  const call = calls.start(channel)
  try {
    ws.send(encodeJson({ type: 'invoke', id: call.id, channel, input }))
  } catch {
    // Input JSON cannot carry (a cycle, a BigInt): refused here as main would refuse it.
    calls.answer(call.id, unsendable)
  }
  return call.result
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

// The web bridge's twin of Electron's will-navigate: the page never leaves the app. Any navigation the page
// starts to another document (a link, location.href, a form) is cancelled; a reload from the browser is not
// the page's to stop and stays allowed. New windows are refused by the CSP sandbox the server sends.
interface NavigateEvent extends Event {
  readonly cancelable: boolean
  readonly hashChange: boolean
  readonly navigationType: 'push' | 'replace' | 'reload' | 'traverse'
  readonly destination: { readonly url: string }
}
const navigation = (window as { navigation?: EventTarget }).navigation
navigation?.addEventListener('navigate', (event) => {
  const navigate = event as NavigateEvent
  if (navigate.hashChange || navigate.navigationType === 'reload') return
  if (new URL(navigate.destination.url).href === location.href) return
  if (navigate.cancelable) navigate.preventDefault()
})
