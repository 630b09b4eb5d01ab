// The media store against a real sandbox: attachments found through the Linq client, downloaded with the
// client's own downloadAttachment (wrapped only to count calls), checked byte for byte against the
// sandbox's blobs.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Attachment } from '../../../../src/shared/domain'
import { AppError } from '../../../../src/shared/errors'
import { createMediaStore, type MediaStore } from '../../../../src/main/services/attachments/media-store'
import { createLinqClient, type LinqClient } from '../../../../src/main/services/linq-api'
import { createLogger } from '../../../../src/main/services/log'
import { startSandbox, type Sandbox } from '../../../../src/sandbox'
import { startServer, type TestServer } from '../linq-api/helpers'

let sb: Sandbox
let linq: LinqClient
let image: Attachment
let pdf: Attachment
let root: string
let dir: string
let logLines: string[]
const logger = createLogger({ console: false, sink: (line) => logLines.push(line) })

beforeAll(async () => {
  sb = await startSandbox({ activity: false, chatCount: 9, bigChatSize: 250 })
  linq = createLinqClient({ baseUrl: sb.baseUrl, token: sb.token })
  const found: Attachment[] = []
  for (const record of sb.state.chats.values()) {
    if (!record.messages.some((m) => m.attachments.length)) continue
    const page = await linq.listChatMessages(String(record.chat.id), { perPage: 100, sort: 'desc' })
    found.push(...page.items.flatMap((m) => m.attachments))
  }
  image = found.find((a) => a.mimeType === 'image/png')!
  pdf = found.find((a) => a.mimeType === 'application/pdf')!
  expect(image.remoteUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox-media\//)
  expect(pdf).toBeDefined()
})
afterAll(async () => {
  await sb.close()
})
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'linq-media-'))
  dir = join(root, 'media')
  logLines = []
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A store whose downloads go through the real client and are counted. */
function store(maxBytes?: number): { media: MediaStore; downloads: string[] } {
  const downloads: string[] = []
  const media = createMediaStore({
    dir,
    logger,
    maxBytes,
    download: async (remoteUrl, destPath) => {
      downloads.push(remoteUrl)
      await linq.downloadAttachment(remoteUrl, destPath)
    },
  })
  return { media, downloads }
}

const blobOf = (attachment: Attachment) => sb.state.media.get(attachment.id)!.bytes!
/** Every file under the store, as paths relative to it. */
async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((e) => e.isFile()).map((e) => relative(folder, join(e.parentPath, e.name)))
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('resolve', () => {
  it('downloads an attachment once, into a hashed folder, and serves it from disk afterwards', async () => {
    const { media, downloads } = store()
    const file = await media.resolve(image)
    expect(file).toEqual({
      path: expect.stringMatching(/[0-9a-f]{2}[/\\][0-9a-f]{64}[/\\]photo-\d\.png$/) as string,
      mimeType: 'image/png',
      sizeBytes: blobOf(image).length,
    })
    expect(file!.path.startsWith(dir + sep)).toBe(true)
    expect(await readFile(file!.path)).toEqual(blobOf(image))

    expect(await media.resolve(image)).toEqual(file)
    expect(downloads).toHaveLength(1)

    // A new store on the same folder (the next app start) finds it without the network.
    const again = store()
    expect(await again.media.resolve({ ...image, remoteUrl: null })).toEqual(file)
    expect(again.downloads).toHaveLength(0)
  })

  it('shares one download between concurrent requests for the same attachment', async () => {
    const { media, downloads } = store()
    const files = await Promise.all(Array.from({ length: 6 }, () => media.resolve(pdf)))
    expect(downloads).toEqual([pdf.remoteUrl])
    expect(new Set(files.map((f) => f!.path)).size).toBe(1)
    expect(await readFile(files[0]!.path)).toEqual(blobOf(pdf))
    expect(await filesIn(dir)).toHaveLength(1)
  })

  it('returns null for an attachment that is not here and has no remote URL', async () => {
    const { media, downloads } = store()
    expect(await media.resolve({ ...image, id: 'never-seen', remoteUrl: null })).toBeNull()
    expect(downloads).toEqual([])
  })

  it('downloads again when the cached file was deleted behind its back', async () => {
    const { media, downloads } = store()
    const first = await media.resolve(image)
    await rm(first!.path)
    const second = await media.resolve(image)
    expect(await readFile(second!.path)).toEqual(blobOf(image))
    expect(downloads).toHaveLength(2)
  })

  it('a missing file on the server is a clear not-found, leaves nothing behind and logs no query string', async () => {
    const { media } = store()
    const gone: Attachment = {
      ...image,
      id: 'att-gone',
      remoteUrl: `${sb.baseUrl}/sandbox-media/no-such-blob/photo.png?signature=s3cr3t-sig&expires=1`,
    }
    const error = await failure(media.resolve(gone))
    expect(error).toMatchObject({
      kind: 'not-found',
      message: 'This attachment is no longer available to download.',
      retryable: false,
    })
    expect(await filesIn(dir)).toEqual([])
    expect(logLines.join('\n')).toContain('/sandbox-media/no-such-blob/photo.png')
    expect(logLines.join('\n')).not.toContain('s3cr3t-sig')
  })

  it('an unreachable server is a retryable network error', async () => {
    const { media } = store()
    const closed = await startServer((_req, res) => res.end())
    const url = closed.url
    await closed.close()
    const error = await failure(media.resolve({ ...pdf, id: 'att-offline', remoteUrl: `${url}/file.pdf` }))
    expect(error).toMatchObject({ kind: 'network', retryable: true })
    expect(error.message).toMatch(/Check your connection/)
    expect(await filesIn(dir)).toEqual([])
  })

  it('a download cut off halfway leaves no partial file, and the next try starts over', async () => {
    let cut = true
    const server: TestServer = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '4096' })
      if (!cut) return res.end(Buffer.alloc(4096, 1))
      res.write(Buffer.alloc(1024, 1))
      setTimeout(() => res.destroy(), 20)
    })
    try {
      const { media, downloads } = store()
      const flaky: Attachment = { ...pdf, id: 'att-flaky', remoteUrl: `${server.url}/flaky.pdf` }
      const error = await failure(media.resolve(flaky))
      expect(error).toMatchObject({ kind: 'network', retryable: true })
      expect(await filesIn(dir)).toEqual([])

      cut = false
      const file = await media.resolve(flaky)
      expect(file!.sizeBytes).toBe(4096)
      expect(downloads).toHaveLength(2)
      expect(await filesIn(dir)).toHaveLength(1)
    } finally {
      await server.close()
    }
  })
})

describe('size bound', () => {
  /** Distinct attachments with the same (real) bytes, so sizes are equal. */
  const copies = (n: number) => Array.from({ length: n }, (_, i) => ({ ...image, id: `lru-${i}` }))

  it('evicts the least recently used files to stay under maxBytes', async () => {
    const size = blobOf(image).length
    const { media, downloads } = store(Math.floor(2.5 * size))
    const [a, b, c] = copies(3) as [Attachment, Attachment, Attachment]
    const fileA = await media.resolve(a)
    const fileB = await media.resolve(b)
    await media.resolve(a) // a is now more recent than b
    const fileC = await media.resolve(c)
    expect(downloads).toHaveLength(3)

    const left = await filesIn(dir)
    expect(left).toHaveLength(2)
    expect(left).toContain(relative(dir, fileA!.path))
    expect(left).toContain(relative(dir, fileC!.path))
    expect(left).not.toContain(relative(dir, fileB!.path))
    expect(left.length * size).toBeLessThanOrEqual(2.5 * size)

    // b comes back by downloading again, which in turn evicts a (now the oldest).
    await media.resolve(b)
    expect(downloads).toHaveLength(4)
    expect(await filesIn(dir)).not.toContain(relative(dir, fileA!.path))
  })

  it('never evicts the file just downloaded, even when it alone is over the bound', async () => {
    const { media } = store(10)
    const [a, b] = copies(2) as [Attachment, Attachment]
    await media.resolve(a)
    const fileB = await media.resolve(b)
    expect(await filesIn(dir)).toEqual([relative(dir, fileB!.path)])
    expect(await readFile(fileB!.path)).toEqual(blobOf(image))
  })
})

describe('put, saveCopy and clear', () => {
  it('put adopts a local file so it shows without a download', async () => {
    const { media, downloads } = store()
    const sent = join(root, 'sent.png')
    await writeFile(sent, Buffer.from('just sent'))
    const kept = await media.put('att-sent', sent, 'sent.png')
    expect(kept).toMatchObject({ mimeType: 'image/png', sizeBytes: 9 })
    expect(kept.path.startsWith(dir + sep)).toBe(true)

    const attachment: Attachment = {
      id: 'att-sent',
      filename: 'sent.png',
      mimeType: 'image/png',
      sizeBytes: 9,
      src: 'linq-media://media/attachment/att-sent',
      remoteUrl: `${sb.baseUrl}/sandbox-media/not-needed/sent.png`,
    }
    const file = await media.resolve(attachment)
    expect(file).toEqual(kept)
    expect(downloads).toEqual([])
    // The user's own file is copied, not moved.
    expect(await readFile(sent, 'utf8')).toBe('just sent')
  })

  it('a load during a put waits for the copy instead of downloading', async () => {
    const { media, downloads } = store()
    const sent = join(root, 'sent.png')
    await writeFile(sent, Buffer.alloc(256 * 1024, 7))
    const attachment: Attachment = { ...image, id: 'att-copying' }
    // Not awaited: the sent message reaches the cache (and the renderer) while its file is still copied.
    const putting = media.put(attachment.id, sent, 'sent.png')
    const loaded = await media.resolve(attachment)
    expect(loaded).toEqual(await putting)
    expect(downloads).toEqual([])
    expect(await readFile(loaded!.path)).toEqual(Buffer.alloc(256 * 1024, 7))
  })

  it('a load during a put that fails downloads the attachment', async () => {
    const { media, downloads } = store()
    const failing = expect(media.put(image.id, join(root, 'gone.png'), 'gone.png')).rejects.toMatchObject({
      kind: 'file',
    })
    const loaded = await media.resolve(image)
    await failing
    expect(downloads).toEqual([image.remoteUrl])
    expect(await readFile(loaded!.path)).toEqual(blobOf(image))
  })

  it('saveCopy numbers copies instead of overwriting', async () => {
    const { media, downloads } = store()
    const target = join(root, 'Downloads')
    await mkdir(target)
    const name = pdf.filename
    const stem = name.replace(/\.pdf$/, '')
    await writeFile(join(target, `${stem} (1).pdf`), 'the user’s own file')

    const first = await media.saveCopy(pdf, target)
    const second = await media.saveCopy(pdf, target)
    const third = await media.saveCopy(pdf, target)
    expect([first, second, third]).toEqual([
      join(target, name),
      join(target, `${stem} (2).pdf`),
      join(target, `${stem} (3).pdf`),
    ])
    for (const path of [first, second, third]) expect(await readFile(path)).toEqual(blobOf(pdf))
    expect(await readFile(join(target, `${stem} (1).pdf`), 'utf8')).toBe('the user’s own file')
    expect(downloads).toHaveLength(1)

    const missing = await failure(media.saveCopy({ ...pdf, id: 'nowhere', remoteUrl: null }, target))
    expect(missing.kind).toBe('not-found')
  })

  it('clear removes every cached file', async () => {
    const { media, downloads } = store()
    await media.resolve(image)
    await media.resolve(pdf)
    expect(await filesIn(dir)).toHaveLength(2)
    await media.clear()
    expect(await filesIn(dir)).toEqual([])
    await media.resolve(image)
    expect(downloads).toHaveLength(3)
  })
})
