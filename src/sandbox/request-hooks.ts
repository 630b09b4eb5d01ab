// What happens around every request to the partner API: the token check, injected faults (latency, resets,
// error statuses, broken or slow bodies) and errors answered in the shape each operation documents.
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendError, sendStandardError, STANDARD_ERROR_OPERATIONS } from './errors'
import type { createFaults } from './faults'
import type { SandboxState } from './state'

export function installRequestHooks(
  app: FastifyInstance,
  options: { state: SandboxState; token: string; faults: ReturnType<typeof createFaults> },
): void {
  const { state, token, faults } = options
  const operationOf = (request: FastifyRequest) => request.routeOptions.config.operationId
  const errorFor = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) =>
    STANDARD_ERROR_OPERATIONS.has(operationOf(request) ?? '')
      ? sendStandardError(reply, status, message)
      : sendError(reply, status, message)

  app.addHook('onRequest', async (request, reply) => {
    const operationId = operationOf(request)
    if (!operationId) return
    state.countRequest(operationId)
    if (request.headers['x-linq-integration-token'] !== token) {
      return errorFor(request, reply, 401, 'Missing or invalid X-LINQ-INTEGRATION-TOKEN.')
    }
    const fault = faults.draw(operationId, request.method)
    request.fault = fault
    if (!fault) return
    if (fault.latencyMs > 0) await sleep(fault.latencyMs)
    if (fault.reset) {
      request.raw.socket.destroy()
      return reply.hijack()
    }
    if (fault.status) {
      if (fault.status === 429 || fault.status === 503) reply.header('Retry-After', fault.retryAfter)
      return errorFor(
        request,
        reply,
        fault.status,
        fault.status === 429 ? 'Rate limit exceeded.' : 'Injected server error.',
      )
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = request.fault
    if (!fault || fault.status) return payload
    if (fault.resetAfterProcessing) {
      request.raw.socket.destroy()
      return payload
    }
    let text = typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : null
    if (text === null) return payload
    if (fault.malformedJson) text = '<html><body>502 Bad Gateway</body></html>{"data":'
    else if (fault.truncateBody) text = text.slice(0, Math.floor(text.length / 2))
    if (fault.slowBodyMs > 0) {
      const pieces = 5
      const chunks = Array.from({ length: pieces }, (_, i) =>
        text!.slice((i * text!.length) / pieces, ((i + 1) * text!.length) / pieces),
      )
      reply.removeHeader('content-length')
      return Readable.from(
        (async function* () {
          for (const piece of chunks) {
            await sleep(fault.slowBodyMs / pieces)
            yield piece
          }
        })(),
      )
    }
    if (fault.truncateBody || fault.malformedJson) reply.header('content-length', Buffer.byteLength(text))
    return text
  })

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) return errorFor(request, reply, 500, 'Internal sandbox error.')
    const message =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'Unsupported content type.'
        : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
          ? 'The JSON body could not be parsed.'
          : 'The request could not be processed.'
    return errorFor(request, reply, status === 415 ? 415 : status === 413 ? 413 : 400, message)
  })
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, `No route for ${request.method} ${request.url.split('?')[0]}.`),
  )
}
