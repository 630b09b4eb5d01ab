import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { decodeJson, encodeJson } from '../../../../src/shared/bridge'
import { createEventHub } from '../../../../src/main/services/events'
import { createLogger } from '../../../../src/main/services/log'
import { startWebBridge, type WebBridge } from '../../../../src/main/web/server'

let dir: string
let bridge: WebBridge
const events = createEventHub()

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-bridge-'))
  await mkdir(join(dir, 'renderer', 'assets'), { recursive: true })
  await writeFile(
    join(dir, 'renderer', 'index.html'),
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self'">` +
      `<script type="module" src="./assets/app.js"></script>`,
  )
  await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer')
  await writeFile(join(dir, 'bridge.js'), 'window.linq = {}')
  await writeFile(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  bridge = await startWebBridge({
    dispatch: async (channel, input) =>
      channel === 'getAppInfo'
        ? { ok: true, value: { echo: input } }
        : { ok: false, error: { kind: 'validation', message: 'no', retryable: false } },
    events,
    logger: createLogger({ console: false }),
    rendererDir: join(dir, 'renderer'),
    bridgeScript: join(dir, 'bridge.js'),
    resolveMedia: async (path) =>
      path === 'attachment/1/abc'
        ? { path: join(dir, 'photo.png'), mimeType: 'image/png', sizeBytes: 4 }
        : null,
  })
})

afterEach(async () => {
  await bridge.close()
  await rm(dir, { recursive: true, force: true })
})

const secretOf = (b: WebBridge) => new URL(b.url).searchParams.get('secret') ?? ''

function connect(origin: string, protocol: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(bridge.origin.replace('http', 'ws') + '/bridge', [protocol], { origin })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

describe('web bridge server', () => {
  it('serves the page only with the secret, injecting the bridge script and the ws connect-src', async () => {
    expect((await fetch(bridge.origin + '/')).status).toBe(403)
    const page = await fetch(bridge.url)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<script src="/__linq/web-bridge.js"></script>')
    expect(html).toContain(`connect-src 'self' ws://${new URL(bridge.origin).host}`)
    const cookie = page.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    const withCookie = { headers: { cookie: cookie.split(';')[0]! } }
    expect((await fetch(bridge.origin + '/assets/app.js', withCookie)).status).toBe(200)
    expect((await fetch(bridge.origin + '/assets/app.js')).status).toBe(403)
    // No way out of the renderer dir.
    expect((await fetch(bridge.origin + '/..%2Fsecret.txt', withCookie)).status).toBe(404)
    const media = await fetch(bridge.origin + '/media/attachment/1/abc', withCookie)
    expect(media.status).toBe(200)
    expect(media.headers.get('content-type')).toBe('image/png')
    // The same answer as the Electron media protocol (attachments/media-file.ts): never sniffed, never run.
    expect(media.headers.get('x-content-type-options')).toBe('nosniff')
    expect(media.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'")
    expect(Buffer.from(await media.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    expect(
      (await fetch(bridge.origin + '/media/attachment/1/abc', { ...withCookie, method: 'HEAD' })).status,
    ).toBe(200)
    await rm(join(dir, 'photo.png'))
    expect((await fetch(bridge.origin + '/media/attachment/1/abc', withCookie)).status).toBe(404)
    expect((await fetch(bridge.origin + '/media/attachment/1/nope', withCookie)).status).toBe(404)
    expect((await fetch(bridge.origin + '/media/attachment/1/abc')).status).toBe(403)
  })

  it("lets the browser keep the build's hashed files (and their compiled code), nothing else", async () => {
    const cookie = (await fetch(bridge.url)).headers.get('set-cookie')!.split(';')[0]!
    const asset = await fetch(bridge.origin + '/assets/app.js', { headers: { cookie } })
    expect(asset.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    expect((await fetch(bridge.url)).headers.get('cache-control')).toBe('no-store')
  })

  it('accepts a WebSocket only from its own origin with the secret, and relays calls and events', async () => {
    await expect(connect('http://evil.example', `secret.${secretOf(bridge)}`)).rejects.toThrow()
    await expect(connect(bridge.origin, 'secret.wrong')).rejects.toThrow()
    const ws = await connect(bridge.origin, `secret.${secretOf(bridge)}`)
    const frames: unknown[] = []
    ws.on('message', (data) => frames.push(decodeJson(String(data))))
    ws.send('not json at all')
    ws.send(
      encodeJson({ type: 'invoke', id: 1, channel: 'getAppInfo', input: { bytes: new Uint8Array([1, 2]) } }),
    )
    events.emit('notice', { id: 1, level: 'info', message: 'hello' })
    await expect.poll(() => frames.length).toBe(2)
    expect(frames).toContainEqual({
      type: 'event',
      event: 'notice',
      payload: { id: 1, level: 'info', message: 'hello' },
    })
    expect(frames).toContainEqual({
      type: 'result',
      id: 1,
      result: { ok: true, value: { echo: { bytes: new Uint8Array([1, 2]) } } },
    })
    ws.close()
  })

  it('answers a malformed percent-encoding with 400, not a crash', async () => {
    const page = await fetch(bridge.url)
    const withCookie = { headers: { cookie: (page.headers.get('set-cookie') ?? '').split(';')[0]! } }
    for (const path of ['/media/%E0%A4%A', '/assets/%ZZ.js', '/%', '/media/attachment/%C0%AF'])
      expect((await fetch(bridge.origin + path, withCookie)).status, path).toBe(400)
    // The server is still answering.
    expect((await fetch(bridge.origin + '/assets/app.js', withCookie)).status).toBe(200)
  })

  it('answers frames it cannot use with a typed error whenever their id can be read', async () => {
    const ws = await connect(bridge.origin, `secret.${secretOf(bridge)}`)
    const frames: { id?: number; result?: unknown }[] = []
    ws.on('message', (data) => frames.push(decodeJson(String(data)) as { id?: number }))
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
    const unreadable = {
      ok: false,
      error: { kind: 'validation', message: 'The app could not read that request.', retryable: false },
    }
    // Cut off mid-frame: not JSON, but the id is at its start.
    ws.send('{"type":"invoke","id":11,"channel":"getAppInfo","input":{"a":')
    // 3,000 and 100,000 levels deep: JSON, too deep to walk.
    ws.send(`{"type":"invoke","id":12,"channel":"getAppInfo","input":${deep(3_000)}}`)
    ws.send(`{"type":"invoke","id":13,"channel":"getAppInfo","input":${deep(100_000)}}`)
    // Not an invoke frame (the channel is not a string), id readable.
    ws.send('{"type":"invoke","id":14,"channel":7}')
    // No id to answer: nothing comes back, and nothing breaks.
    ws.send('garbage')
    ws.send(deep(5_000))
    // Bytes the reviver must leave alone or decode safely.
    ws.send(
      '{"type":"invoke","id":15,"channel":"getAppInfo","input":{"a":{"$linqBytes":"!!not base64"},' +
        '"b":{"$linqBytes":"AQI=","extra":1},"__proto__":{"$linqBytes":"AQI="},"c":{"$linqBytes":5}}}',
    )
    await expect.poll(() => frames.length).toBe(5)
    for (const id of [11, 12, 13, 14])
      expect(frames).toContainEqual({ type: 'result', id, result: unreadable })
    const echoed = frames.find((f) => f.id === 15)?.result as { value: { echo: Record<string, unknown> } }
    expect(echoed.value.echo.a).toEqual({ $linqBytes: '!!not base64' })
    expect(echoed.value.echo.b).toEqual({ $linqBytes: 'AQI=', extra: 1 })
    expect(echoed.value.echo.c).toEqual({ $linqBytes: 5 })
    // A key named __proto__ stays a key; no object's prototype was touched.
    expect(Object.getOwnPropertyDescriptor(echoed.value.echo, '__proto__')?.value).toEqual(
      new Uint8Array([1, 2]),
    )
    expect(({} as Record<string, unknown>).$linqBytes).toBeUndefined()
    // Still serving.
    ws.send(encodeJson({ type: 'invoke', id: 16, channel: 'getAppInfo', input: {} }))
    await expect.poll(() => frames.some((f) => f.id === 16)).toBe(true)
    ws.close()
  })
})
