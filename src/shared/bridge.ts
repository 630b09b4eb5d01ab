// Builds `window.linq` from the contract over any transport. The Electron preload passes an ipcRenderer
// transport, the web bridge a WebSocket one; everything else about the object is this one function.
import { INVOKE_CHANNEL_NAMES } from './channel-names'
import type { ChannelName, EventName, LinqBridge } from './contract'
import type { StageResult } from './domain'
import type { IpcResult } from './errors'

export interface BridgeTransport {
  invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
  /** Stages a File by its path on disk, or null when it has none (then its bytes are sent). */
  stageByPath?(file: File): Promise<IpcResult<StageResult>> | null
}

/**
 * Methods resolve with the channel's result or reject with an `IpcError` as plain data (not an Error
 * instance), because Electron's contextBridge drops an Error's own fields such as `kind`.
 */
export function createBridge(transport: BridgeTransport): LinqBridge {
  const methods: Record<string, unknown> = {}
  for (const name of INVOKE_CHANNEL_NAMES) {
    methods[name] = async (input: unknown = {}) => {
      const result = await transport.invoke(name, input)
      if (!result.ok) throw result.error
      return result.value
    }
  }
  methods.on = (event: EventName, listener: (payload: unknown) => void) =>
    transport.subscribe(event, listener)
  const bridge = methods as LinqBridge
  bridge.stageFile = async (file, name) => {
    const byPath = transport.stageByPath?.(file)
    if (byPath) {
      const result = await byPath
      if (!result.ok) throw result.error
      return result.value
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    return bridge.stageFileBytes({ name, mimeType: file.type.slice(0, 255), bytes })
  }
  return bridge
}

// JSON transports (the web bridge) carry bytes as tagged base64, so stageFileBytes works the same there.
const BYTES_TAG = '$linqBytes'

function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [BYTES_TAG]: bytesToBase64(v) } : v,
  )
}

/** Deeper than any frame the app sends; a deeper one is refused before anything walks it. */
export const MAX_FRAME_DEPTH = 64

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The bytes of `{ "$linqBytes": "<base64>" }` and nothing else; null for anything else. */
function taggedBytes(value: unknown): Uint8Array | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const keys = Object.keys(value)
  if (keys.length !== 1 || keys[0] !== BYTES_TAG) return null
  const tagged = (value as Record<string, unknown>)[BYTES_TAG]
  if (typeof tagged !== 'string' || tagged.length % 4 !== 0 || !BASE64.test(tagged)) return null
  return base64ToBytes(tagged)
}

/**
 * Parses a frame and turns tagged base64 back into bytes. JSON.parse copes with any depth, but a reviver
 * (recursive) overflowed the stack at a few thousand levels and the frame went unanswered: this walk is
 * iterative and refuses frames deeper than MAX_FRAME_DEPTH with a RangeError.
 */
export function decodeJson(text: string): unknown {
  const root: unknown = JSON.parse(text)
  const rootBytes = taggedBytes(root)
  if (rootBytes) return rootBytes
  const stack: [Record<string, unknown>, number][] = []
  if (typeof root === 'object' && root !== null) stack.push([root as Record<string, unknown>, 1])
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > MAX_FRAME_DEPTH)
      throw new RangeError(`The frame is nested deeper than ${MAX_FRAME_DEPTH} levels.`)
    for (const key of Object.keys(node)) {
      const child = node[key]
      const bytes = taggedBytes(child)
      // defineProperty, so a key named __proto__ stays a plain key rather than setting the prototype.
      if (bytes)
        Object.defineProperty(node, key, {
          value: bytes,
          writable: true,
          enumerable: true,
          configurable: true,
        })
      else if (typeof child === 'object' && child !== null)
        stack.push([child as Record<string, unknown>, depth + 1])
    }
  }
  return root
}
