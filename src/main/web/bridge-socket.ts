// The web bridge's WebSocket: the same IPC contract as Electron's, as JSON frames. Only the app's own page
// may connect (exact Origin and the per-run secret as a subprotocol); every frame is answered, an
// unreadable one with a typed error when its id can still be read.
import type { Server } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeJson, encodeJson } from '../../shared/bridge'
import type { IpcResult } from '../../shared/errors'
import type { EventHub } from '../services/events'
import type { Dispatch } from '../services/ipc-router'
import type { Logger } from '../services/log'
import { sameSecret } from './secret'

const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

type ClientFrame = { type: 'invoke'; id: number; channel: string; input: unknown }

/** The id of a frame that could not be used, when it can still be read, so its caller hears back. */
function frameId(frame: unknown, text: string): number | null {
  const id =
    typeof frame === 'object' && frame !== null && 'id' in frame
      ? (frame as { id: unknown }).id
      : Number(
          /^\s*\{\s*"type"\s*:\s*"invoke"\s*,\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 100))?.[1],
        )
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null
}

const UNREADABLE_FRAME: IpcResult<never> = {
  ok: false,
  error: { kind: 'validation', message: 'The app could not read that request.', retryable: false },
}

function isClientFrame(value: unknown): value is ClientFrame {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return v.type === 'invoke' && typeof v.id === 'number' && typeof v.channel === 'string'
}

/** An invoke frame, or why not (with the caller's id when it can still be read, to answer it). */
function readFrame(text: string): { frame: ClientFrame } | { problem: string; id: number | null } {
  let value: unknown
  try {
    value = decodeJson(text)
  } catch {
    const parsed = safeParse(text)
    return { problem: parsed === null ? 'not JSON' : 'nested too deeply', id: frameId(parsed, text) }
  }
  return isClientFrame(value)
    ? { frame: value }
    : { problem: 'not an invoke frame', id: frameId(value, text) }
}

/** Serves the bridge on `server`'s upgrades to /bridge; close() ends every connection. */
export function attachBridgeSocket(
  server: Server,
  options: { secret: string; origin(): string; dispatch: Dispatch; events: EventHub; logger: Logger },
): { close(): void } {
  const { secret, logger } = options
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 160 * 1024 * 1024, // a base64 attachment up to the 100 MB limit
    handleProtocols: (protocols) =>
      [...protocols].find((p) => sameSecret(p.slice('secret.'.length), secret)) ?? false,
  })
  server.on('upgrade', (req, socket, head) => {
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
    const allowed =
      new URL(req.url ?? '/', options.origin()).pathname === '/bridge' &&
      req.headers.origin === options.origin() &&
      protocols.some((p) => p.startsWith('secret.') && sameSecret(p.slice('secret.'.length), secret))
    if (!allowed) {
      logger.warn('web bridge connection refused', { origin: String(req.headers.origin ?? '') })
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req))
  })

  const clients = new Set<WebSocket>()
  sockets.on('connection', (ws: WebSocket) => {
    clients.add(ws)
    ws.on('close', () => clients.delete(ws))
    const reply = (id: number, result: IpcResult<unknown>) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeJson({ type: 'result', id, result }))
    }
    ws.on('message', (data) => {
      const read = readFrame(String(data))
      if ('problem' in read) {
        logger.warn('web bridge frame rejected', { problem: read.problem, answered: read.id !== null })
        if (read.id !== null) reply(read.id, UNREADABLE_FRAME)
        return
      }
      const { id, channel, input } = read.frame
      void options.dispatch(channel, input, { trusted: true }).then((result) => reply(id, result))
    })
  })

  const unsubscribe = options.events.subscribe((event, payload) => {
    const text = encodeJson({ type: 'event', event, payload })
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text)
  })

  return {
    close() {
      unsubscribe()
      for (const ws of clients) ws.terminate()
      sockets.close()
    },
  }
}
