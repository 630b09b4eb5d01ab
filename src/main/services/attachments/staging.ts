// Files the user has added to the composer but not sent yet. Every file is checked when it is added, so the
// user hears "report.pdf is a folder" at once rather than from a failed upload, and again when the message
// is sent, because the file may have changed in between. A file chosen from disk is only referenced (a
// 2 GB video is not copied just to sit in the composer); pasted bytes have no file, so they are written
// here. Nothing staged survives a restart: the caller clears the folder at start and at sign-out.
//
// Paths come only from main (the picker, or the Electron preload resolving a dropped File), never from the
// page. How a file is opened and checked, and copied at send time only while it is still the file staged,
// is checked-file.ts.
import { randomBytes } from 'node:crypto'
import { lstatSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, extname, isAbsolute, join } from 'node:path'
import { LIMITS, type StagedFile, type StageResult } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { copier, identityOf, inspect, refusal, sameIdentity, type FileIdentity } from './checked-file'
import type { Logger } from '../log'
import type { MediaFile } from './media-file'
import {
  extensionFor,
  fallbackName,
  isPreviewableImage,
  mimeTypeFor,
  normalizeMime,
  safeFilename,
} from './mime'

export type { FileIdentity } from './checked-file'

export interface StagingOptions {
  /** Folder for pasted bytes; owned by staging (cleared wholesale). */
  dir: string
  logger: Logger
  /** Turns 'staged/<id>' into the URL the renderer loads. */
  mediaSrc: (mediaPath: string) => string
  maxBytes?: number
  maxFiles?: number
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

const ID_SHAPE = /^stg_[0-9a-f]{24}$/
const GONE = 'A file you added is no longer available. Add it again.'

const refuse = (name: string, error: string): StageResult => ({ ok: false, name, error })

/**
 * The composer's tray: the staged entries, a slot per file (so parallel drops cannot pass the cap
 * together), and an epoch bumped by reset (a stage call that started before a sign-out must not add its
 * file after it).
 */
function createTray(options: StagingOptions & { maxBytes: number; maxFiles: number }) {
  const { dir, logger, maxFiles } = options
  const entries = new Map<string, Entry>()
  let reserved = 0
  let epoch = 0
  const ownedDir = (id: string) => join(dir, id)

  return {
    entries,
    ownedDir,
    epoch: () => epoch,
    reset() {
      epoch++
      entries.clear()
    },
    async removeOwned(id: string): Promise<void> {
      // The id is ours, but check its shape anyway: this is the only recursive delete here.
      if (!ID_SHAPE.test(id)) return
      await rm(ownedDir(id), { recursive: true, force: true }).catch((error: unknown) =>
        logger.warn('staging: could not delete staged bytes', { id, error: String(error) }),
      )
    },
    record(entry: Omit<StagedEntry, 'copyTo'>): StageResult {
      const { id, name, sizeBytes, mimeType, path, owned, identity } = entry
      const previewSrc = isPreviewableImage(mimeType) ? options.mediaSrc(`staged/${id}`) : null
      const copyTo = copier(path, name, options.maxBytes, identity)
      const full: Entry = { id, name, sizeBytes, mimeType, path, owned, identity, copyTo, previewSrc }
      entries.set(full.id, full)
      return { ok: true, file: publicView(full) }
    },
    /** Runs a stage attempt holding one of the per-message slots. */
    async withSlot(name: string, attempt: () => Promise<StageResult>): Promise<StageResult> {
      if (entries.size + reserved >= maxFiles) return refuse(name, `At most ${maxFiles} files per message.`)
      reserved++
      try {
        return await attempt()
      } finally {
        reserved--
      }
    },
  }
}

export function createStaging(options: StagingOptions): Staging {
  const { logger } = options
  const maxBytes = options.maxBytes ?? LIMITS.maxAttachmentBytes
  const maxFiles = options.maxFiles ?? LIMITS.maxFilesPerMessage
  const tray = createTray({ ...options, maxBytes, maxFiles })
  const { entries, record, withSlot, removeOwned } = tray

  return {
    stagePath(path) {
      const original = typeof path === 'string' ? basename(path) : ''
      const name = safeFilename(original, 'file')
      return withSlot(name, async () => {
        const started = tray.epoch()
        if (typeof path !== 'string' || !isAbsolute(path)) return refuse(name, refusal.missing(name))
        const checked = await inspect(path, name, maxBytes)
        if (!checked.ok) return refuse(name, checked.error)
        if (started !== tray.epoch()) return refuse(name, GONE)
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
        if (size === 0) return refuse(name, refusal.empty(name))
        if (size > maxBytes) return refuse(name, refusal.tooBig(name, maxBytes))
        const started = tray.epoch()
        const id = newId()
        const folder = tray.ownedDir(id)
        const path = join(folder, name)
        if (!(await writeWhole(folder, path, input.bytes, logger))) {
          await removeOwned(id)
          return refuse(name, `${name} could not be prepared for sending.`)
        }
        const written = await inspect(path, name, maxBytes)
        if (started !== tray.epoch() || !written.ok) {
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
        const checked = await inspect(entry.path, entry.name, maxBytes, entry.identity)
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
      tray.reset()
      await rm(options.dir, { recursive: true, force: true }).catch((error: unknown) =>
        logger.warn('staging: could not clear the staging folder', { error: String(error) }),
      )
    },
  }
}

/** Writes pasted bytes to `path` through a temporary file, renamed only when complete. */
async function writeWhole(folder: string, path: string, bytes: Uint8Array, logger: Logger): Promise<boolean> {
  const temp = join(folder, `.${randomBytes(6).toString('hex')}.part`)
  try {
    await mkdir(folder, { recursive: true })
    await writeFile(temp, bytes, { flag: 'wx' })
    // Renamed only when complete, so a crash never leaves a half file that looks whole.
    await rename(temp, path)
    return true
  } catch (error) {
    logger.warn('staging: could not write pasted file', { error: String(error) })
    return false
  }
}

function newId(): string {
  return 'stg_' + randomBytes(12).toString('hex')
}

function publicView(entry: Entry): StagedFile {
  const { id, name, sizeBytes, mimeType, previewSrc } = entry
  return { id, name, sizeBytes, mimeType, previewSrc }
}
