// Failure modes the client must turn into one clear LinqApiError: both documented error formats, bodies that
// are not JSON or not the documented shape, hangs, aborts, redirects, bad files, and a token that must never
// leak. Odd servers are tiny node:http servers; file checks and early answers use the real sandbox.
import { appendFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../../../src/main/services/log'
import { createLinqClient, LinqApiError, newIdempotencyKey } from '../../../../src/main/services/linq-api'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { json, startServer, type TestServer } from './helpers'

const TOKEN = 'tok_SECRET_abcdef123456'
let odd: TestServer
let dir: string

/** Scenario = the chat id the test asks getChat for. */
const scenarios: Record<string, (res: ServerResponse) => void> = {
  'error-404': (res) =>
    json(res, 404, {
      errors: [{ status: 404, code: 'not_found', title: 'Not Found', detail: 'Chat not found.' }],
    }),
  'error-401': (res) =>
    json(res, 401, {
      errors: [{ status: 401, code: 'unauthorized', title: 'Unauthorized', detail: 'Invalid token.' }],
    }),
  'error-403': (res) => json(res, 403, { errors: [{ status: 403, code: 'forbidden', title: 'Forbidden' }] }),
  'standard-422': (res) =>
    json(res, 422, {
      status: 'unprocessable_entity',
      error_code: 'validation_failed',
      message: 'Validation failed',
      errors: ['phone_number is invalid', 'email is taken'],
    }),
  'error-429': (res) =>
    json(
      res,
      429,
      { errors: [{ status: 429, code: 'rate_limited', title: 'Too Many Requests' }] },
      { 'retry-after': '2' },
    ),
  'error-503-date': (res) =>
    json(
      res,
      503,
      { errors: [{ status: 503, title: 'Service Unavailable' }] },
      { 'retry-after': new Date(Date.now() + 120_000).toUTCString() },
    ),
  'error-500': (res) => json(res, 500, { errors: [{ status: 500, title: 'Internal Server Error' }] }),
  'html-502': (res) => {
    res.writeHead(502, { 'content-type': 'text/html' })
    res.end('<html><body>Bad gateway</body></html>')
  },
  echo: (res) =>
    json(
      res,
      400,
      {
        errors: [
          {
            status: 400,
            code: `bad_${TOKEN}`,
            title: `Token ${TOKEN} rejected`,
            detail: `You sent ${TOKEN}`,
          },
        ],
      },
      { 'x-request-id': `req-${TOKEN}` },
    ),
  'echo-standard': (res) =>
    json(res, 422, {
      status: '422',
      error_code: 'invalid',
      message: `Bad ${TOKEN}`,
      errors: [`token ${TOKEN} is wrong`],
    }),
  'html-200': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<html>captive portal login</html>')
  },
  shape: (res) => json(res, 200, { data: { id: 7, display_name: 42 } }),
  'empty-200': (res) => res.writeHead(200).end(),
  hang: () => undefined,
  'slow-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"data":{"id":')
  },
  reset: (res) => res.socket?.destroy(),
  redirect: (res) => {
    res.writeHead(302, { location: `${odd.url}/elsewhere` })
    res.end()
  },
}

beforeAll(async () => {
  odd = await startServer((req, res) => {
    const url = req.url ?? ''
    if (url.startsWith('/api/partner/v2/phone_numbers'))
      return json(res, 200, {
        phone_numbers: [{ id: 1, phone_number: '+14155550100', forwarding_number: null }],
      })
    const scenario = /\/chats\/([^/?]+)/.exec(url)?.[1] ?? ''
    const play = scenarios[decodeURIComponent(scenario)]
    if (play) return play(res)
    json(res, 404, { errors: [{ status: 404, code: 'not_found', detail: 'No such scenario.' }] })
  })
  dir = await mkdtemp(join(tmpdir(), 'linq-errors-'))
})
afterAll(async () => {
  await odd.close()
  await rm(dir, { recursive: true, force: true })
})

const fast = { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 50 }, timeoutMs: 300 }
const oddClient = (extra: Partial<Parameters<typeof createLinqClient>[0]> = {}) =>
  createLinqClient({ baseUrl: odd.url, token: TOKEN, ...fast, ...extra })
const requestsFor = (scenario: string) =>
  odd.requests.filter((r) => r.url === `/api/partner/v2/chats/${scenario}`).length
const failure = async (promise: Promise<unknown>): Promise<LinqApiError> => {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(LinqApiError)
  return error as LinqApiError
}

describe('HTTP errors in both documented formats', () => {
  it('Error format: status, code, title, detail; mapped for the UI; 4xx fail at once', async () => {
    const linq = oddClient()
    const notFound = await failure(linq.getChat('error-404'))
    expect(notFound).toMatchObject({
      kind: 'http',
      status: 404,
      code: 'not_found',
      title: 'Not Found',
      detail: 'Chat not found.',
      retryable: false,
      operationId: 'getChat',
    })
    expect(notFound.message).toBe('Linq answered 404 to getChat: Chat not found.')
    expect(notFound.toIpc()).toEqual({ kind: 'not-found', message: 'Chat not found.', retryable: false })
    expect(requestsFor('error-404')).toBe(1)

    for (const status of [401, 403]) {
      const error = await failure(linq.getChat(`error-${status}`))
      expect(error).toMatchObject({ kind: 'http', status, retryable: false })
      expect(error.toIpc()).toEqual({
        kind: 'unauthorized',
        message: 'Linq did not accept the integration token.',
        retryable: false,
      })
      expect(requestsFor(`error-${status}`)).toBe(1)
    }
  })

  it('StandardError format: error_code, message, errors[] joined as the detail', async () => {
    const error = await failure(oddClient().getChat('standard-422'))
    expect(error).toMatchObject({
      kind: 'http',
      status: 422,
      code: 'validation_failed',
      title: 'Validation failed',
      detail: 'phone_number is invalid; email is taken',
      retryable: false,
    })
    expect(error.toIpc()).toEqual({
      kind: 'refused',
      message: 'Linq refused this: phone_number is invalid; email is taken',
      retryable: false,
    })
    expect(requestsFor('standard-422')).toBe(1)
  })

  it('5xx are retried up to maxAttempts, then reported as a server problem; a non-JSON error body is fine', async () => {
    const linq = oddClient()
    const server = await failure(linq.getChat('error-500'))
    expect(server).toMatchObject({
      kind: 'http',
      status: 500,
      title: 'Internal Server Error',
      retryable: true,
    })
    expect(server.toIpc()).toEqual({
      kind: 'server',
      message: 'Linq is having trouble (error 500). Try again shortly.',
      retryable: true,
    })
    expect(requestsFor('error-500')).toBe(3)
    const gateway = await failure(linq.getChat('html-502'))
    expect(gateway).toMatchObject({
      kind: 'http',
      status: 502,
      code: undefined,
      detail: undefined,
      retryable: true,
    })
    expect(gateway.message).toBe('Linq answered 502 to getChat.')
  })

  it('a Retry-After longer than the client waits ends the retries and is reported (seconds or HTTP date)', async () => {
    const linq = oddClient()
    const limited = await failure(linq.getChat('error-429'))
    expect(limited).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 2000, retryable: true })
    expect(limited.toIpc()).toEqual({
      kind: 'rate-limited',
      message: 'Linq is limiting requests right now. Try again in 2 s.',
      retryable: true,
    })
    expect(requestsFor('error-429')).toBe(1)
    const unavailable = await failure(linq.getChat('error-503-date'))
    expect(unavailable.retryAfterMs).toBeGreaterThan(100_000)
    expect(requestsFor('error-503-date')).toBe(1)
  })
})

describe('answers the client cannot use', () => {
  it('a 200 that is not JSON is a bad-response, retried for GETs', async () => {
    const error = await failure(oddClient().getChat('html-200'))
    expect(error).toMatchObject({
      kind: 'bad-response',
      status: 200,
      retryable: true,
      message: "Linq's answer to getChat was not valid JSON.",
    })
    expect(error.toIpc()).toEqual({
      kind: 'bad-response',
      message: "Linq sent an answer the app doesn't understand.",
      retryable: true,
    })
    expect(requestsFor('html-200')).toBe(3)
  })

  it('JSON in the wrong shape names the field and is not retried; an empty body too', async () => {
    const linq = oddClient()
    const shape = await failure(linq.getChat('shape'))
    expect(shape).toMatchObject({ kind: 'bad-response', retryable: false })
    expect(shape.message).toMatch(
      /^Linq's answer to getChat is not in the documented shape \(data\.display_name: .+\)\.$/,
    )
    expect(requestsFor('shape')).toBe(1)
    const empty = await failure(linq.getChat('empty-200'))
    expect(empty).toMatchObject({ kind: 'bad-response', retryable: false })
    expect(empty.message).toContain('(the body:')
  })

  it('a redirect is not followed (it would carry the token elsewhere)', async () => {
    const error = await failure(oddClient().getChat('redirect'))
    expect(error).toMatchObject({ kind: 'bad-response', status: 302, retryable: false })
    expect(odd.requests.filter((r) => r.url === '/elsewhere')).toHaveLength(0)
  })
})

describe('timeouts, aborts and network failures are distinct kinds', () => {
  it('no answer in time is a timeout; a body that stops halfway too', async () => {
    const linq = oddClient({ retry: { maxAttempts: 1 } })
    const hang = await failure(linq.getChat('hang'))
    expect(hang).toMatchObject({ kind: 'timeout', retryable: true })
    expect(hang.toIpc().kind).toBe('timeout')
    expect(await failure(linq.getChat('slow-body'))).toMatchObject({ kind: 'timeout', retryable: true })
  })

  it('aborting before, during a request and during the backoff', async () => {
    const linq = oddClient({
      timeoutMs: 10_000,
      retry: { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 },
    })
    const before = requestsFor('hang')
    await expect(linq.getChat('hang', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      kind: 'aborted',
      retryable: false,
    })
    expect(requestsFor('hang')).toBe(before)

    const controller = new AbortController()
    const pending = linq.getChat('hang', { signal: controller.signal })
    while (requestsFor('hang') === before) await new Promise((r) => setTimeout(r, 5))
    controller.abort()
    const aborted = await failure(pending)
    expect(aborted.kind).toBe('aborted')
    expect(aborted.toIpc()).toEqual({ kind: 'aborted', message: 'Cancelled.', retryable: true })

    const duringBackoff = new AbortController()
    const retrying = linq.getChat('error-500', { signal: duringBackoff.signal })
    const seen = requestsFor('error-500')
    while (requestsFor('error-500') === seen) await new Promise((r) => setTimeout(r, 5))
    duringBackoff.abort()
    await expect(retrying).rejects.toMatchObject({ kind: 'aborted' })
    expect(requestsFor('error-500')).toBe(seen + 1)
  })

  it('a refused connection and a reset are network errors', async () => {
    const offline = createLinqClient({
      baseUrl: 'http://127.0.0.1:9',
      token: TOKEN,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    })
    const error = await failure(offline.listPhoneNumbers())
    expect(error).toMatchObject({ kind: 'network', retryable: true })
    expect(error.toIpc()).toEqual({
      kind: 'network',
      message: "Can't reach Linq. Check your connection.",
      retryable: true,
    })
    expect(await failure(oddClient().getChat('reset'))).toMatchObject({ kind: 'network', retryable: true })
    expect(requestsFor('reset')).toBe(3)
  })
})

describe('the token never leaks', () => {
  it('is redacted from every field, the message, the stack, toIpc and the log, in both formats', async () => {
    const lines: string[] = []
    const logger = createLogger({ console: false, level: 'debug', sink: (line) => lines.push(line) })
    const linq = oddClient({ logger })
    for (const scenario of ['echo', 'echo-standard']) {
      const error = await failure(linq.getChat(scenario))
      const everything = JSON.stringify({
        ...error,
        message: error.message,
        stack: error.stack,
        ipc: error.toIpc(),
      })
      expect(everything, scenario).not.toContain(TOKEN)
      expect(everything, scenario).toContain('[redacted]')
    }
    const echoed = await failure(linq.getChat('echo'))
    expect(echoed).toMatchObject({
      code: 'bad_[redacted]',
      title: 'Token [redacted] rejected',
      detail: 'You sent [redacted]',
      requestId: 'req-[redacted]',
    })
    await failure(linq.getChat('error-500'))
    expect(lines.some((line) => line.includes('getChat failed; retrying'))).toBe(true)
    // The client registered the token with the logger, so even a careless line is clean.
    logger.error(`oops ${TOKEN}`)
    expect(lines.join('\n')).not.toContain(TOKEN)
  })
})

describe('base URL and idempotency keys', () => {
  it('accepts a base URL with a trailing slash or the API path, and always calls /api/partner/v2', async () => {
    for (const baseUrl of [`${odd.url}/`, `${odd.url}/api/partner/v2/`]) {
      const before = odd.requests.length
      await createLinqClient({ baseUrl, token: TOKEN }).listPhoneNumbers()
      expect(odd.requests.slice(before).map((r) => r.url)).toEqual(['/api/partner/v2/phone_numbers'])
      expect(odd.requests.at(-1)!.headers['x-linq-integration-token']).toBe(TOKEN)
    }
  })

  it('refuses an idempotency key Linq would reject, before sending anything', async () => {
    const before = odd.requests.length
    await expect(oddClient().sendMessage('1', { text: 'hi', idempotencyKey: 'has spaces!' })).rejects.toThrow(
      TypeError,
    )
    expect(odd.requests.length).toBe(before)
  })
})

describe('downloadAttachment', () => {
  let storage: TestServer
  beforeAll(async () => {
    storage = await startServer((req, res) => {
      if (req.url === '/files/photo.png') {
        res.writeHead(200, { 'content-type': 'image/png' })
        return res.end(Buffer.from('PNG bytes'))
      }
      if (req.url === '/files/stall') {
        res.writeHead(200, { 'content-length': '1000' })
        return res.write('partial')
      }
      if (req.url === '/files/to-api') {
        res.writeHead(302, { location: `${odd.url}/media/own.png` })
        return res.end()
      }
      res.writeHead(404).end()
    })
  })
  afterAll(() => storage.close())

  it('sends the token to the API origin only, also across redirects', async () => {
    const api = await startServer((req, res) => {
      if (req.url === '/media/own.png') return res.end('own bytes')
      if (req.url === '/media/moved') {
        res.writeHead(302, { location: `${storage.url}/files/photo.png` })
        return res.end()
      }
      res.writeHead(404).end()
    })
    try {
      const linq = createLinqClient({ baseUrl: api.url, token: TOKEN })
      await linq.downloadAttachment(`${api.url}/media/own.png`, join(dir, 'own.png'))
      expect(await readFile(join(dir, 'own.png'), 'utf8')).toBe('own bytes')
      expect(api.requests.at(-1)!.headers['x-linq-integration-token']).toBe(TOKEN)

      await linq.downloadAttachment(`${storage.url}/files/photo.png`, join(dir, 'photo.png'))
      expect(await readFile(join(dir, 'photo.png'), 'utf8')).toBe('PNG bytes')
      await linq.downloadAttachment(`${api.url}/media/moved`, join(dir, 'moved.png'))
      expect(await readFile(join(dir, 'moved.png'), 'utf8')).toBe('PNG bytes')
      expect(storage.requests.length).toBeGreaterThanOrEqual(2)
      for (const request of storage.requests)
        expect(request.headers['x-linq-integration-token']).toBeUndefined()
    } finally {
      await api.close()
    }
  })

  it('fails clearly and leaves no partial file: 404, a stalled body, a non-web URL', async () => {
    const linq = createLinqClient({ baseUrl: odd.url, token: TOKEN, timeoutMs: 200 })
    const dest = join(dir, 'nothing.bin')
    expect(await failure(linq.downloadAttachment(`${storage.url}/files/missing`, dest))).toMatchObject({
      kind: 'http',
      status: 404,
    })
    expect(await failure(linq.downloadAttachment(`${storage.url}/files/stall`, dest))).toMatchObject({
      kind: 'timeout',
    })
    expect(await failure(linq.downloadAttachment('file:///etc/passwd', dest))).toMatchObject({
      kind: 'bad-response',
    })
    expect((await readdir(dir)).filter((f) => f.startsWith('nothing.bin'))).toEqual([])
  })
})

describe('attachments are checked before anything is uploaded', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({ chatCount: 3, bigChatSize: 20 })
  })
  afterAll(() => sandbox.close())
  const chatId = () => String(sandbox.state.bigChatId)
  const sendWith = (path: string, maxAttachmentBytes?: number) =>
    createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token, maxAttachmentBytes }).sendMessage(
      chatId(),
      {
        text: 'file',
        idempotencyKey: newIdempotencyKey(),
        attachments: [{ path }],
      },
    )

  it('missing, a folder, empty, too large, not a regular file, unreadable', async () => {
    await mkdir(join(dir, 'Reports'))
    await writeFile(join(dir, 'empty.txt'), '')
    await writeFile(join(dir, 'big.bin'), Buffer.alloc(2048))
    const sends = sandbox.state.requestCounts.sendMessage ?? 0
    const cases: [string, string, number?][] = [
      [join(dir, 'gone.png'), 'gone.png no longer exists.'],
      [join(dir, 'Reports'), "Reports is a folder — folders can't be sent."],
      [join(dir, 'empty.txt'), 'empty.txt is empty.'],
      [join(dir, 'big.bin'), 'big.bin is larger than 1.0 KB.', 1024],
      ['/dev/null', 'null is not a regular file.'],
    ]
    for (const [path, message, limit] of cases) {
      const error = await failure(sendWith(path, limit))
      expect(error).toMatchObject({
        kind: 'invalid-file',
        message,
        retryable: false,
        operationId: 'sendMessage',
      })
      expect(error.toIpc()).toEqual({ kind: 'file', message, retryable: false })
    }
    const huge = await failure(sendWith(join(dir, 'big.bin'), 1000))
    expect(huge.message).toBe('big.bin is larger than 1000 B.')
    expect(sandbox.state.requestCounts.sendMessage ?? 0).toBe(sends)
  })

  it.skipIf(process.getuid?.() === 0)(
    'an unreadable file (root can read anything, so this runs for other users)',
    async () => {
      const locked = join(dir, 'locked.pdf')
      await writeFile(locked, 'secret')
      await chmod(locked, 0o000)
      expect(await failure(sendWith(locked))).toMatchObject({
        kind: 'invalid-file',
        message: "locked.pdf can't be read.",
      })
    },
  )

  it('a file that changes while it is being sent fails as such and is not stored', async () => {
    const path = join(dir, 'notes.txt')
    await writeFile(path, 'first draft')
    const before = sandbox.state.messagesOf(sandbox.state.bigChatId).length
    let grown = false
    const linq = createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token })
    const error = await failure(
      linq.sendMessage(
        chatId(),
        { text: 'notes', idempotencyKey: newIdempotencyKey(), attachments: [{ path }] },
        {
          onProgress: () => {
            // The first progress event comes with the text part, before the file is read.
            if (!grown) appendFileSync(path, ' and more')
            grown = true
          },
        },
      ),
    )
    expect(error).toMatchObject({
      kind: 'invalid-file',
      message: 'notes.txt changed while it was being sent.',
      retryable: false,
    })
    expect(sandbox.state.messagesOf(sandbox.state.bigChatId).length).toBe(before)
  })

  it('a server that refuses an upload early (401) is reported as such, not as a broken connection', async () => {
    const path = join(dir, 'large.mov')
    await writeFile(path, Buffer.alloc(4 * 1024 * 1024, 1))
    const linq = createLinqClient({ baseUrl: sandbox.baseUrl, token: 'not-the-token' })
    const error = await failure(
      linq.sendMessage(chatId(), {
        text: 'video',
        idempotencyKey: newIdempotencyKey(),
        attachments: [{ path }],
      }),
    )
    expect(error).toMatchObject({ kind: 'http', status: 401 })
    expect(error.toIpc().kind).toBe('unauthorized')
  })

  it('an answer that comes while the server has stopped reading the upload ends the upload', async () => {
    const path = join(dir, 'huge.mov')
    await writeFile(path, Buffer.alloc(32 * 1024 * 1024, 1))
    let closed!: () => void
    const socketClosed = new Promise<void>((resolve) => (closed = resolve))
    const refusing = createNetServer((socket) => {
      socket.once('data', () => {
        const body = JSON.stringify({
          errors: [
            {
              status: 413,
              code: 'too_large',
              title: 'Payload Too Large',
              detail: 'Attachments are limited.',
            },
          ],
        })
        socket.write(
          `HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        )
        // Stops reading: without the client hanging up, the upload would stall until it timed out.
        socket.pause()
        socket.once('close', closed)
        // Read again later only to notice the hang-up (a paused socket does not see it).
        setTimeout(() => socket.resume(), 100)
      })
    })
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = refusing.address() as AddressInfo
      const linq = createLinqClient({
        baseUrl: `http://127.0.0.1:${port}`,
        token: TOKEN,
        retry: { maxAttempts: 1 },
      })
      const error = await failure(
        linq.sendMessage('1', {
          text: 'video',
          idempotencyKey: newIdempotencyKey(),
          attachments: [{ path }],
        }),
      )
      expect(error).toMatchObject({
        kind: 'http',
        status: 413,
        code: 'too_large',
        detail: 'Attachments are limited.',
      })
      expect(error.toIpc()).toEqual({
        kind: 'refused',
        message: 'Linq refused this: Attachments are limited.',
        retryable: false,
      })
      await socketClosed
    } finally {
      refusing.close()
    }
  })
})
