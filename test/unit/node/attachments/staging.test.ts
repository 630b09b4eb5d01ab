// Staging against real files in a temp folder: every refusal the user can meet, the per-message cap, pasted
// bytes written safely inside the staging folder, and the send hand-off (take / release / restore).
import { execFileSync } from 'node:child_process'
import {
  appendFile,
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  truncate,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LIMITS } from '../../../../src/shared/domain'
import { AppError } from '../../../../src/shared/errors'
import { createStaging, type Staging } from '../../../../src/main/services/attachments/staging'
import { createLogger } from '../../../../src/main/services/log'

let root: string
let files: string
let dir: string
const logger = createLogger({ console: false })
const mediaSrc = (mediaPath: string) => `linq-media://media/${mediaPath}`

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'linq-staging-'))
  files = join(root, 'user files')
  dir = join(root, 'staging')
  await mkdir(files)
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

const staging = (extra: { maxBytes?: number; maxFiles?: number } = {}): Staging =>
  createStaging({ dir, logger, mediaSrc, ...extra })

/** A user's file with `size` bytes of content. */
async function userFile(name: string, size = 64): Promise<string> {
  const path = join(files, name)
  await writeFile(path, Buffer.alloc(size, 7))
  return path
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  )

describe('stagePath', () => {
  it('stages an image by reference with a preview, and a document without one', async () => {
    const s = staging()
    const photo = await userFile('Beach.JPG', 300)
    const pdf = await userFile('contract.pdf', 500)

    const a = await s.stagePath(photo)
    const b = await s.stagePath(pdf)
    if (!a.ok || !b.ok) throw new Error('expected both to be staged')
    expect(a.file).toEqual({
      id: expect.stringMatching(/^stg_[0-9a-f]{24}$/) as string,
      name: 'Beach.JPG',
      sizeBytes: 300,
      mimeType: 'image/jpeg',
      previewSrc: `linq-media://media/staged/${a.file.id}`,
    })
    expect(b.file).toMatchObject({ name: 'contract.pdf', mimeType: 'application/pdf', previewSrc: null })
    expect(s.list()).toEqual([a.file, b.file])

    // Referenced, not copied: nothing is written at stage time.
    expect(await exists(dir)).toBe(false)
    expect(s.resolve(a.file.id)).toEqual({ path: photo, mimeType: 'image/jpeg', sizeBytes: 300 })
    // Only previews are served: a staged document is not handed to the renderer.
    expect(s.resolve(b.file.id)).toBeNull()
    expect(s.resolve('stg_000000000000000000000000')).toBeNull()
  })

  it('refuses a missing file, a folder, an empty file and a file over the limit, in plain words', async () => {
    const s = staging({ maxBytes: 1024 })
    await mkdir(join(files, 'Holiday photos'))
    await userFile('empty.txt', 0)
    await userFile('big.bin', 1025)
    await userFile('just-fits.bin', 1024)

    expect(await s.stagePath(join(files, 'gone.pdf'))).toEqual({
      ok: false,
      name: 'gone.pdf',
      error: "gone.pdf can't be found — it may have been moved or deleted.",
    })
    expect(await s.stagePath(join(files, 'Holiday photos'))).toEqual({
      ok: false,
      name: 'Holiday photos',
      error: "Holiday photos is a folder — folders can't be sent.",
    })
    expect(await s.stagePath(join(files, 'empty.txt'))).toEqual({
      ok: false,
      name: 'empty.txt',
      error: "empty.txt is empty (0 bytes) and can't be sent.",
    })
    expect(await s.stagePath(join(files, 'big.bin'))).toEqual({
      ok: false,
      name: 'big.bin',
      error: 'big.bin is larger than 1.0 KB, the most Linq accepts.',
    })
    // A path below a file, and a relative path, are "not found" too rather than an exception.
    expect(await s.stagePath(join(files, 'big.bin', 'inside'))).toMatchObject({ ok: false })
    expect(await s.stagePath('relative/report.pdf')).toMatchObject({
      ok: false,
      error: "report.pdf can't be found — it may have been moved or deleted.",
    })
    expect(s.list()).toEqual([])
    expect((await s.stagePath(join(files, 'just-fits.bin'))).ok).toBe(true)
  })

  it.skipIf(process.platform === 'win32')('refuses something that is not a regular file', async () => {
    expect(await staging().stagePath('/dev/null')).toEqual({
      ok: false,
      name: 'null',
      error: "null isn't a regular file, so it can't be sent.",
    })
  })

  // Root reads anything, so the permission cannot be taken away in a root container.
  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'refuses an unreadable file',
    async () => {
      const path = await userFile('secret.pdf')
      await chmod(path, 0o000)
      expect(await staging().stagePath(path)).toEqual({
        ok: false,
        name: 'secret.pdf',
        error: "secret.pdf can't be read.",
      })
    },
  )

  it('applies the real 100 MB limit (sparse files, no disk used)', async () => {
    const s = staging()
    const over = join(files, 'huge.mov')
    const exact = join(files, 'exact.mov')
    await writeFile(over, '')
    await writeFile(exact, '')
    await truncate(over, LIMITS.maxAttachmentBytes + 1)
    await truncate(exact, LIMITS.maxAttachmentBytes)

    expect(await s.stagePath(over)).toEqual({
      ok: false,
      name: 'huge.mov',
      error: 'huge.mov is larger than 100 MB, the most Linq accepts.',
    })
    const fits = await s.stagePath(exact)
    expect(fits).toMatchObject({
      ok: true,
      file: { sizeBytes: LIMITS.maxAttachmentBytes, mimeType: 'video/quicktime' },
    })
  })

  it('caps the files per message, also when they are added at the same time', async () => {
    const s = staging()
    const paths = await Promise.all(Array.from({ length: 12 }, (_, i) => userFile(`page-${i}.pdf`)))

    const results = await Promise.all(paths.map((p) => s.stagePath(p)))
    expect(results.filter((r) => r.ok)).toHaveLength(LIMITS.maxFilesPerMessage)
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      'At most 10 files per message.',
      'At most 10 files per message.',
    ])
    expect(
      await s.stageBytes({ name: 'x.png', mimeType: 'image/png', bytes: new Uint8Array(3) }),
    ).toMatchObject({
      ok: false,
      error: 'At most 10 files per message.',
    })

    // Removing one frees its slot.
    await s.unstage(s.list()[0]!.id)
    expect((await s.stagePath(paths[11]!)).ok).toBe(true)
    expect(s.list()).toHaveLength(10)
  })
})

describe('stageBytes', () => {
  const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3])

  it('writes pasted bytes inside the staging folder under a sanitized name', async () => {
    const s = staging()
    const cases: [string, string, string][] = [
      ['../../etc/passwd', 'text/plain', 'passwd.txt'],
      ['..\\..\\Windows\\win.ini', 'text/plain', 'win.ini'],
      ['', 'image/png', 'pasted-image.png'],
      ['..', 'image/jpeg', 'pasted-image.jpg'],
      ['\u0000bad\u0007 name\n.png', 'image/png', 'bad name.png'],
      ['...hidden.png', 'image/png', 'hidden.png'],
      ['a:b*c?"d".txt', 'text/plain', 'a_b_c__d_.txt'],
      ['screenshot', 'image/png', 'screenshot.png'],
    ]
    for (const [name, mimeType, expected] of cases) {
      const result = await s.stageBytes({ name, mimeType, bytes })
      expect(result, name).toMatchObject({ ok: true, file: { name: expected, mimeType, sizeBytes: 7 } })
    }

    const long = await s.stageBytes({ name: 'x'.repeat(300) + '.pdf', mimeType: 'application/pdf', bytes })
    if (!long.ok) throw new Error(long.error)
    expect(long.file.name).toHaveLength(120)
    expect(long.file.name.endsWith('xx.pdf')).toBe(true)

    const taken = await s.take(s.list().map((f) => f.id))
    for (const entry of taken) {
      expect(entry.owned).toBe(true)
      expect(entry.path.startsWith(dir + sep)).toBe(true)
      expect(new Uint8Array(await readFile(entry.path))).toEqual(bytes)
    }
    // Only whole files: no temporary .part file is left next to any of them.
    for (const folder of await readdir(dir)) expect(await readdir(join(dir, folder))).toHaveLength(1)
  })

  it('shows a pasted image as a preview and falls back to the name for a malformed type', async () => {
    const s = staging()
    const image = await s.stageBytes({ name: 'paste', mimeType: 'image/png', bytes })
    if (!image.ok) throw new Error(image.error)
    expect(image.file.previewSrc).toBe(`linq-media://media/staged/${image.file.id}`)
    const file = s.resolve(image.file.id)!
    expect(file).toMatchObject({ mimeType: 'image/png', sizeBytes: 7 })
    expect(new Uint8Array(await readFile(file.path))).toEqual(bytes)

    expect(await s.stageBytes({ name: 'notes.txt', mimeType: 'text/html<script>', bytes })).toMatchObject({
      ok: true,
      file: { mimeType: 'text/plain', previewSrc: null },
    })
  })

  it('refuses empty and oversized bytes', async () => {
    const s = staging({ maxBytes: 1024 })
    expect(
      await s.stageBytes({ name: 'blank.png', mimeType: 'image/png', bytes: new Uint8Array(0) }),
    ).toEqual({
      ok: false,
      name: 'blank.png',
      error: "blank.png is empty (0 bytes) and can't be sent.",
    })
    expect(
      await s.stageBytes({ name: 'big.png', mimeType: 'image/png', bytes: new Uint8Array(1025) }),
    ).toEqual({
      ok: false,
      name: 'big.png',
      error: 'big.png is larger than 1.0 KB, the most Linq accepts.',
    })
    expect(s.list()).toEqual([])
    expect(await exists(dir)).toBe(false)
  })
})

describe('take, release and restore', () => {
  it('re-checks each file when sending and names the one that went missing', async () => {
    const s = staging()
    const report = await userFile('report.pdf')
    const photo = await userFile('photo.png')
    const r = await s.stagePath(report)
    const p = await s.stagePath(photo)
    if (!r.ok || !p.ok) throw new Error('expected both to be staged')

    await unlink(report)
    const error = await refusal(s.take([p.file.id, r.file.id]))
    expect(error.kind).toBe('validation')
    expect(error.message).toBe("report.pdf can't be found — it may have been moved or deleted.")
    // Nothing was taken: the user can remove the missing file and send the rest.
    expect(s.list().map((f) => f.id)).toEqual([r.file.id, p.file.id])

    await s.unstage(r.file.id)
    const taken = await s.take([p.file.id])
    expect(taken).toMatchObject([
      { id: p.file.id, name: 'photo.png', mimeType: 'image/png', sizeBytes: 64, path: photo, owned: false },
    ])
    expect(taken[0]!.identity.size).toBe(64n)
    expect(s.list()).toEqual([])
  })

  it('refuses a file that became empty or too large, and ids that are not staged', async () => {
    const s = staging({ maxBytes: 1024 })
    const notes = await userFile('notes.txt', 10)
    const video = await userFile('clip.mp4', 10)
    const n = await s.stagePath(notes)
    const v = await s.stagePath(video)
    if (!n.ok || !v.ok) throw new Error('expected both to be staged')

    await writeFile(notes, '')
    expect((await refusal(s.take([n.file.id]))).message).toBe(
      "notes.txt is empty (0 bytes) and can't be sent.",
    )
    await writeFile(video, Buffer.alloc(2048))
    expect((await refusal(s.take([v.file.id]))).message).toBe(
      'clip.mp4 is larger than 1.0 KB, the most Linq accepts.',
    )

    const gone = await refusal(s.take([v.file.id, 'stg_ffffffffffffffffffffffff']))
    expect(gone).toMatchObject({
      kind: 'validation',
      message: 'A file you added is no longer available. Add it again.',
    })

    // A file that changed but is still a fine size is refused too: it is not the file the user added.
    await writeFile(video, Buffer.alloc(700))
    expect((await refusal(s.take([v.file.id]))).message).toBe(
      'clip.mp4 changed after it was added. Add it again to send it.',
    )
    const again = await s.stagePath(video)
    if (!again.ok) throw new Error(again.error)
    expect((await s.take([again.file.id]))[0]!.sizeBytes).toBe(700)
    // Taken once only.
    expect((await refusal(s.take([again.file.id]))).message).toBe(
      'A file you added is no longer available. Add it again.',
    )
  })

  it('release deletes the bytes staging owns and never the user’s original', async () => {
    const s = staging()
    const original = await userFile('original.jpg')
    const a = await s.stagePath(original)
    const b = await s.stageBytes({
      name: 'pasted.png',
      mimeType: 'image/png',
      bytes: new Uint8Array([1, 2, 3]),
    })
    if (!a.ok || !b.ok) throw new Error('expected both to be staged')

    const taken = await s.take([a.file.id, b.file.id])
    const owned = taken.find((e) => e.owned)!
    expect(await exists(owned.path)).toBe(true)
    await s.release(taken)
    expect(await exists(owned.path)).toBe(false)
    expect(await readdir(dir)).toEqual([])
    expect(await readFile(original)).toEqual(Buffer.alloc(64, 7))
  })

  it('restore puts taken files back when the send could not be queued', async () => {
    const s = staging()
    const a = await s.stagePath(await userFile('a.png'))
    if (!a.ok) throw new Error(a.error)
    const taken = await s.take([a.file.id])
    expect(s.list()).toEqual([])
    s.restore(taken)
    expect(s.list()).toEqual([a.file])
    expect(s.resolve(a.file.id)).not.toBeNull()
  })

  it('unstage removes owned bytes; unknown ids are fine; clear removes everything staged', async () => {
    const s = staging()
    const original = await userFile('keep.pdf')
    const pasted = await s.stageBytes({ name: 'p.png', mimeType: 'image/png', bytes: new Uint8Array([9]) })
    if (!pasted.ok) throw new Error(pasted.error)
    const path = s.resolve(pasted.file.id)!.path
    await s.unstage(pasted.file.id)
    expect(await exists(path)).toBe(false)
    await s.unstage(pasted.file.id)
    await s.unstage('stg_nope')

    await s.stagePath(original)
    await s.stageBytes({ name: 'q.png', mimeType: 'image/png', bytes: new Uint8Array([9]) })
    expect(s.list()).toHaveLength(2)
    await s.clear()
    expect(s.list()).toEqual([])
    expect(await exists(dir)).toBe(false)
    expect(await exists(original)).toBe(true)
  })
})

// The page never names a path, but main's own paths (a drop, the picker) can still be swapped under it
// between staging and sending: each of these is refused with a reason, and no byte of the other file is read.
describe.skipIf(process.platform === 'win32')('a file swapped or changed after staging', () => {
  const secretBytes = Buffer.from('root:SECRET-HASH:19000:0:99999:7:::\n')
  let secret: string
  beforeEach(async () => {
    secret = join(root, 'shadow')
    await writeFile(secret, secretBytes)
  })

  /** Stages `name`, lets `swap` replace it, and returns what take() and a send-time copy say. */
  async function stageThenSwap(swap: (path: string) => Promise<void>) {
    const s = staging()
    const path = await userFile('report.pdf', 100)
    const staged = await s.stagePath(path)
    if (!staged.ok) throw new Error(staged.error)
    await swap(path)
    const refused = await refusal(s.take([staged.file.id]))
    return refused.message
  }

  it('refuses a symlink when it is staged, even one to a readable file', async () => {
    const link = join(files, 'invoice.pdf')
    await symlink(secret, link)
    expect(await staging().stagePath(link)).toEqual({
      ok: false,
      name: 'invoice.pdf',
      error: 'invoice.pdf is a link to another file. Add the file itself.',
    })
  })

  it('refuses a file swapped for a symlink to a secret after staging', async () => {
    expect(
      await stageThenSwap(async (path) => {
        await unlink(path)
        await symlink(secret, path)
      }),
    ).toBe('report.pdf is a link to another file. Add the file itself.')
  })

  it('refuses a file swapped for another regular file (a rename over it)', async () => {
    expect(
      await stageThenSwap(async (path) => {
        const other = join(files, 'other')
        await writeFile(other, Buffer.alloc(100, 1))
        await rename(other, path)
      }),
    ).toBe('report.pdf changed after it was added. Add it again to send it.')
  })

  it('refuses a file swapped for a FIFO without blocking on it', async () => {
    const started = Date.now()
    expect(
      await stageThenSwap(async (path) => {
        await unlink(path)
        execFileSync('mkfifo', [path])
      }),
    ).toBe("report.pdf isn't a regular file, so it can't be sent.")
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('refuses a file that grew, and one written in place at the same size', async () => {
    expect(await stageThenSwap((path) => appendFile(path, 'more'))).toBe(
      'report.pdf changed after it was added. Add it again to send it.',
    )
    expect(
      await stageThenSwap(async (path) => {
        await writeFile(path, Buffer.alloc(100, 9))
        await utimes(path, new Date(2001, 1, 1), new Date(2001, 1, 1))
      }),
    ).toBe('report.pdf changed after it was added. Add it again to send it.')
  })

  it('refuses a file replaced by a folder', async () => {
    expect(
      await stageThenSwap(async (path) => {
        await unlink(path)
        await mkdir(path)
      }),
    ).toBe("report.pdf is a folder — folders can't be sent.")
  })

  it('the send-time copy reads from a matching descriptor: a swap after take() is refused, nothing copied', async () => {
    const s = staging()
    const path = await userFile('photo.png', 100)
    const staged = await s.stagePath(path)
    if (!staged.ok) throw new Error(staged.error)
    const [entry] = await s.take([staged.file.id])
    await unlink(path)
    await symlink(secret, path)
    const dest = join(root, 'copy')
    const error = await refusal(entry!.copyTo(dest))
    expect(error).toMatchObject({
      kind: 'file',
      message: 'photo.png is a link to another file. Add the file itself.',
    })
    expect(await exists(dest)).toBe(false)
  })

  it('stops serving a staged preview once its path is a link to something else', async () => {
    const s = staging()
    const path = await userFile('photo.png', 100)
    const staged = await s.stagePath(path)
    if (!staged.ok) throw new Error(staged.error)
    expect(s.resolve(staged.file.id)).toMatchObject({ path })
    await unlink(path)
    await symlink(secret, path)
    expect(s.resolve(staged.file.id)).toBeNull()
  })

  it('copies exactly the staged bytes when nothing changed', async () => {
    const s = staging()
    const path = await userFile('photo.png', 100)
    const staged = await s.stagePath(path)
    if (!staged.ok) throw new Error(staged.error)
    const [entry] = await s.take([staged.file.id])
    const dest = join(root, 'copy')
    expect(await entry!.copyTo(dest)).toBe(100)
    expect(await readFile(dest)).toEqual(Buffer.alloc(100, 7))
  })
})
