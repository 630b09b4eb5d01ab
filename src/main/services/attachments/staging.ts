// Files the user has added to the composer but not sent yet. Every file is checked when it is added, so the
// user hears "report.pdf is a folder" at once rather than from a failed upload, and again when the message
// is sent, because the file may have changed in between. A file chosen from disk is only referenced (a
// 2 GB video is not copied just to sit in the composer); pasted bytes have no file, so they are written
// here. Nothing staged survives a restart: the caller clears the folder at start and at sign-out.
//
// Paths come only from main (the picker, or the Electron preload resolving a dropped File), never from the
// page. A referenced file is opened without following a link (O_NOFOLLOW) and without blocking on a FIFO
// (O_NONBLOCK), and its identity (device, inode, size, mtime) is kept. At send time the bytes are copied
// from a descriptor whose identity still matches, so a file swapped after staging (for a link to a secret,
// a FIFO, a folder, or a file that grew) is refused with a reason instead of sent.
import { constants, createWriteStream, lstatSync, type BigIntStats } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises'
import { basename, extname, isAbsolute, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { LIMITS, type StagedFile, type StageResult } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import type { MediaFile } from './media-file'
import { formatBytes } from '../../../shared/format-bytes'
import type { Logger } from '../log'
import {
  extensionFor,
  fallbackName,
  isPreviewableImage,
  mimeTypeFor,
  normalizeMime,
  safeFilename,
} from './mime'

export interface StagingOptions {
  /** Folder for pasted bytes; owned by staging (cleared wholesale). */
  dir: string
  logger: Logger
  /** Turns 'staged/<id>' into the URL the renderer loads. */
  mediaSrc: (mediaPath: string) => string
  maxBytes?: number
  maxFiles?: number
}

/** Which file a staged entry is: a file replaced or changed since staging no longer matches. */
export interface FileIdentity {
  dev: bigint
  ino: bigint
  size: bigint
  mtimeNs: bigint
}

/** A staged file handed to the sender. `owned` bytes live in the staging folder and go with release(). */
export interface StagedEntry {
  id: string
  name: string
  mimeType: string
  sizeBytes: number
  path: string
  owned: boolean
  identity: FileIdentity
  /** Copies the bytes to a new file `dest` from a descriptor whose identity matches; returns the size. */
  copyTo(dest: string): Promise<number>
}

export interface Staging {
  stagePath(path: string): Promise<StageResult>
  stageBytes(input: { name: string; mimeType: string; bytes: Uint8Array }): Promise<StageResult>
  unstage(id: string): Promise<void>
  /** Checks the files again and removes them from staging; throws AppError('validation') naming a bad one. */
  take(ids: readonly string[]): Promise<StagedEntry[]>
  /** After the sender has its own copy: deletes the staged bytes we own (never a user's original). */
  release(entries: readonly StagedEntry[]): Promise<void>
  /** Puts taken files back (the send failed before anything was queued); take() checks them again. */
  restore(entries: readonly StagedEntry[]): void
  /** For the preview route: images only, so other staged files are never served to the renderer. */
  resolve(id: string): MediaFile | null
  list(): StagedFile[]
  clear(): Promise<void>
}

interface Entry extends StagedEntry {
  previewSrc: string | null
}

type Inspection = { ok: true; identity: FileIdentity } | { ok: false; error: string }

// No link is followed and a FIFO does not block the open; Windows has neither flag (links are checked there).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

const identityOf = (info: BigIntStats): FileIdentity => ({
  dev: info.dev,
  ino: info.ino,
  size: info.size,
  mtimeNs: info.mtimeNs,
})
const sameIdentity = (a: FileIdentity, b: FileIdentity) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs

const ID_SHAPE = /^stg_[0-9a-f]{24}$/
const GONE = 'A file you added is no longer available. Add it again.'

export function createStaging(options: StagingOptions): Staging {
  const { dir, logger, mediaSrc } = options
  const maxBytes = options.maxBytes ?? LIMITS.maxAttachmentBytes
  const maxFiles = options.maxFiles ?? LIMITS.maxFilesPerMessage
  const entries = new Map<string, Entry>()
  // Slots held by stage calls still checking their file, so parallel drops cannot pass the cap together.
  let reserved = 0
  // Bumped by clear(): a stage call that started before a sign-out must not add its file after it.
  let epoch = 0

  const tooMany = () => `At most ${maxFiles} files per message.`
  const tooBig = (name: string) => `${name} is larger than ${formatBytes(maxBytes)}, the most Linq accepts.`
  const empty = (name: string) => `${name} is empty (0 bytes) and can't be sent.`
  const missing = (name: string) => `${name} can't be found — it may have been moved or deleted.`
  const refuse = (name: string, error: string): StageResult => ({ ok: false, name, error })
  const ownedDir = (id: string) => join(dir, id)

  const changed = (name: string) => `${name} changed after it was added. Add it again to send it.`
  const openError = (error: unknown, name: string): string => {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return missing(name)
    if (code === 'ELOOP' || code === 'EMLINK') return linked(name)
    return `${name} can't be read.`
  }
  const linked = (name: string) => `${name} is a link to another file. Add the file itself.`

  /**
   * Opens `path` as described at the top and checks what it is. With `expected`, the file must still be the
   * one staged. On success the caller owns the open handle.
   */
  const openChecked = async (
    path: string,
    name: string,
    expected?: FileIdentity,
  ): Promise<{ ok: true; handle: FileHandle; identity: FileIdentity } | { ok: false; error: string }> => {
    let handle: FileHandle
    try {
      if (constants.O_NOFOLLOW === undefined && (await lstat(path)).isSymbolicLink())
        return { ok: false, error: linked(name) }
      handle = await open(path, OPEN_FLAGS)
    } catch (error) {
      return { ok: false, error: openError(error, name) }
    }
    const refuse = async (error: string) => {
      await handle.close()
      return { ok: false as const, error }
    }
    let info: BigIntStats
    try {
      info = await handle.stat({ bigint: true })
    } catch {
      return refuse(`${name} can't be read.`)
    }
    if (info.isDirectory()) return refuse(`${name} is a folder — folders can't be sent.`)
    if (!info.isFile()) return refuse(`${name} isn't a regular file, so it can't be sent.`)
    if (info.size === 0n) return refuse(empty(name))
    if (info.size > BigInt(maxBytes)) return refuse(tooBig(name))
    const identity = identityOf(info)
    if (expected && !sameIdentity(identity, expected)) return refuse(changed(name))
    return { ok: true, handle, identity }
  }

  const inspect = async (path: string, name: string, expected?: FileIdentity): Promise<Inspection> => {
    const opened = await openChecked(path, name, expected)
    if (!opened.ok) return opened
    await opened.handle.close()
    return { ok: true, identity: opened.identity }
  }

  /** The send-time copy: from a descriptor that is still the staged file, and only its staged bytes. */
  const copier =
    (path: string, name: string, identity: FileIdentity) =>
    async (dest: string): Promise<number> => {
      const opened = await openChecked(path, name, identity)
      if (!opened.ok) throw new AppError('file', opened.error)
      const { handle } = opened
      try {
        const size = Number(identity.size)
        await pipeline(
          handle.createReadStream({ start: 0, end: size - 1, autoClose: false }),
          createWriteStream(dest, { flags: 'wx', mode: 0o600 }),
        )
        // Written to while being copied: what was copied may be half old, half new.
        if (!sameIdentity(identityOf(await handle.stat({ bigint: true })), identity))
          throw new AppError('file', changed(name))
        return size
      } finally {
        await handle.close()
      }
    }

  const removeOwned = async (id: string): Promise<void> => {
    // The id is ours, but check its shape anyway: this is the only recursive delete here.
    if (!ID_SHAPE.test(id)) return
    await rm(ownedDir(id), { recursive: true, force: true }).catch((error: unknown) =>
      logger.warn('staging: could not delete staged bytes', { id, error: String(error) }),
    )
  }

  const record = (entry: Omit<StagedEntry, 'copyTo'>): StageResult => {
    const { id, name, sizeBytes, mimeType, path, owned, identity } = entry
    const previewSrc = isPreviewableImage(mimeType) ? mediaSrc(`staged/${id}`) : null
    const copyTo = copier(path, name, identity)
    const full: Entry = { id, name, sizeBytes, mimeType, path, owned, identity, copyTo, previewSrc }
    entries.set(full.id, full)
    return { ok: true, file: publicView(full) }
  }

  /** Runs a stage attempt holding one of the per-message slots. */
  const withSlot = async (name: string, attempt: () => Promise<StageResult>): Promise<StageResult> => {
    if (entries.size + reserved >= maxFiles) return refuse(name, tooMany())
    reserved++
    try {
      return await attempt()
    } finally {
      reserved--
    }
  }

  return {
    stagePath(path) {
      const original = typeof path === 'string' ? basename(path) : ''
      const name = safeFilename(original, 'file')
      return withSlot(name, async () => {
        const started = epoch
        if (typeof path !== 'string' || !isAbsolute(path)) return refuse(name, missing(name))
        const checked = await inspect(path, name)
        if (!checked.ok) return refuse(name, checked.error)
        if (started !== epoch) return refuse(name, GONE)
        const { identity } = checked
        const sizeBytes = Number(identity.size)
        return record({
          id: newId(),
          name,
          sizeBytes,
          mimeType: mimeTypeFor(name),
          path,
          owned: false,
          identity,
        })
      })
    },

    stageBytes(input) {
      const mimeType = normalizeMime(input.mimeType) ?? mimeTypeFor(input.name)
      let name = safeFilename(typeof input.name === 'string' ? input.name : '', fallbackName(mimeType))
      // A pasted "image" with no extension gets one, so the recipient's phone knows what it is.
      if (!extname(name) && extensionFor(mimeType)) name += extensionFor(mimeType)
      return withSlot(name, async () => {
        if (!(input.bytes instanceof Uint8Array)) return refuse(name, `${name} can't be read.`)
        const size = input.bytes.byteLength
        if (size === 0) return refuse(name, empty(name))
        if (size > maxBytes) return refuse(name, tooBig(name))
        const started = epoch
        const id = newId()
        const folder = ownedDir(id)
        const path = join(folder, name)
        const temp = join(folder, `.${randomBytes(6).toString('hex')}.part`)
        try {
          await mkdir(folder, { recursive: true })
          await writeFile(temp, input.bytes, { flag: 'wx' })
          // Renamed only when complete, so a crash never leaves a half file that looks whole.
          await rename(temp, path)
        } catch (error) {
          logger.warn('staging: could not write pasted file', { error: String(error) })
          await removeOwned(id)
          return refuse(name, `${name} could not be prepared for sending.`)
        }
        const written = await inspect(path, name)
        if (started !== epoch || !written.ok) {
          await removeOwned(id)
          return refuse(name, written.ok ? GONE : `${name} could not be prepared for sending.`)
        }
        return record({ id, name, sizeBytes: size, mimeType, path, owned: true, identity: written.identity })
      })
    },

    async unstage(id) {
      const entry = entries.get(id)
      if (!entry) return
      entries.delete(id)
      if (entry.owned) await removeOwned(id)
    },

    async take(ids) {
      const unique = [...new Set(ids)]
      const chosen = unique.map((id) => entries.get(id))
      if (chosen.some((entry) => !entry)) throw new AppError('validation', GONE)
      const taken: StagedEntry[] = []
      for (const entry of chosen as Entry[]) {
        const checked = await inspect(entry.path, entry.name, entry.identity)
        if (!checked.ok) throw new AppError('validation', checked.error)
        const { id, name, mimeType, sizeBytes, path, owned, identity, copyTo } = entry
        taken.push({ id, name, mimeType, sizeBytes, path, owned, identity, copyTo })
      }
      // A second send (or unstage) may have taken one while we were checking: then this send gets none.
      if (unique.some((id) => !entries.has(id))) throw new AppError('validation', GONE)
      for (const id of unique) entries.delete(id)
      return taken
    },

    async release(taken) {
      await Promise.all(taken.filter((entry) => entry.owned).map((entry) => removeOwned(entry.id)))
    },

    restore(taken) {
      for (const entry of taken) {
        if (!entries.has(entry.id) && ID_SHAPE.test(entry.id)) record(entry)
      }
    },

    resolve(id) {
      const entry = entries.get(id)
      if (!entry || entry.previewSrc === null) return null
      // The preview is served by path: only while that path is still the staged file, not a link put there.
      const now = lstatSync(entry.path, { bigint: true, throwIfNoEntry: false })
      if (!now?.isFile() || !sameIdentity(identityOf(now), entry.identity)) return null
      return { path: entry.path, mimeType: entry.mimeType, sizeBytes: entry.sizeBytes }
    },

    list: () => [...entries.values()].map(publicView),

    async clear() {
      epoch++
      entries.clear()
      await rm(dir, { recursive: true, force: true }).catch((error: unknown) =>
        logger.warn('staging: could not clear the staging folder', { error: String(error) }),
      )
    },
  }
}

function newId(): string {
  return 'stg_' + randomBytes(12).toString('hex')
}

function publicView(entry: Entry): StagedFile {
  const { id, name, sizeBytes, mimeType, previewSrc } = entry
  return { id, name, sizeBytes, mimeType, previewSrc }
}
