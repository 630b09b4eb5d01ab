// How both transports (Electron's media protocol, the web bridge's /media/ route) read a media request and
// answer it: one decoder, one set of headers, one way to open the file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mediaHeaders, mediaPathFrom, openMedia } from '../../../../src/main/services/attachments/media-file'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-media-file-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('media requests', () => {
  it('decodes a media path and refuses malformed or escaping ones', () => {
    expect(mediaPathFrom('attachment/att%201')).toBe('attachment/att 1')
    expect(mediaPathFrom('outbox/local_1/0')).toBe('outbox/local_1/0')
    for (const bad of ['', '%E0%A4%A', '%', 'attachment/..%2Fx', 'a%5Cb', 'a%00b'])
      expect(mediaPathFrom(bad), bad).toBeNull()
  })

  it('answers with the resolved type, never sniffed and sandboxed', () => {
    expect(mediaHeaders({ mimeType: 'text/html' }, 12)).toEqual({
      'Content-Type': 'text/html',
      'Content-Length': '12',
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
    })
  })

  it('opens the file before answering: its size and bytes, or null when it is gone', async () => {
    const path = join(dir, 'a.txt')
    await writeFile(path, 'hello media')
    const opened = await openMedia({ path, mimeType: 'text/plain', sizeBytes: 1 })
    expect(opened?.size).toBe(11)
    expect(await text(opened!.stream())).toBe('hello media')
    const closed = await openMedia({ path, mimeType: 'text/plain', sizeBytes: 11 })
    await closed!.close()
    expect(await openMedia({ path: join(dir, 'gone'), mimeType: 'text/plain', sizeBytes: 1 })).toBeNull()
  })
})
