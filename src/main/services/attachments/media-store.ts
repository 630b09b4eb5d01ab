// The local copy of attachment bytes: downloaded from Linq the first time a thread shows them, or adopted
// from the user's own file when they send one, so images show offline and are fetched once. Files live at
// <dir>/<2 hex>/<sha256(attachment id)>/<safe filename>: ids come from a server and never become paths
// themselves, and the shard keeps any one folder small. The store is bounded: the least recently used
// files go first when it outgrows maxBytes.
// What is on disk and the eviction are media-index.ts; this file fetches, adopts and copies.
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, mkdir, rename, rm, rmdir, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { Attachment } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { errorMessage } from '../../../shared/error-message'
import { LinqApiError } from '../linq-api/errors'
import type { Logger } from '../log'
import type { MediaFile } from './media-file'
import { createMediaIndex, keyOf, type Item } from './media-index'
import { extensionFor, mimeTypeFor, normalizeMime, safeFilename } from './mime'

export interface MediaStoreOptions {
  /** Owned by the store (clear() removes it). */
  dir: string
  /** Streams remoteUrl to destPath; e.g. the Linq client's downloadAttachment. */
  download: (remoteUrl: string, destPath: string) => Promise<void>
  logger: Logger
  /** Default 1 GiB. */
  maxBytes?: number
}

export interface MediaStore {
  /** The local file, downloading it once if needed; null when it is not here and has no remote URL. */
  resolve(attachment: Attachment): Promise<MediaFile | null>
  /** Keeps a copy of a local file (one the user just sent) under the attachment's id. */
  put(attachmentId: string, sourcePath: string, filename: string, mimeType?: string): Promise<MediaFile>
  /** Copies the attachment into targetDir as "name.pdf", "name (1).pdf", …; returns the new path. */
  saveCopy(attachment: Attachment, targetDir: string): Promise<string>
  clear(): Promise<void>
}

const GIB = 1024 * 1024 * 1024
const MAX_COPY_NUMBER = 1000

export function createMediaStore(options: MediaStoreOptions): MediaStore {
  const { dir, logger } = options
  const maxBytes = options.maxBytes ?? GIB
  const index = createMediaIndex({ dir, maxBytes, logger })
  const inflight = new Map<string, Promise<Item>>()
  // Copies of sent files under way, registered when put is called: a resolve meanwhile waits for the copy
  // instead of downloading bytes that are about to be on disk.
  const puts = new Map<string, Promise<unknown>>()
  const busy = (key: string) => inflight.has(key) || puts.has(key)
  // Bumped by clear(): a download that finishes after a sign-out must not repopulate the store.
  let epoch = 0

  const { folderOf } = index
  const mimeOf = (attachment: Attachment) =>
    normalizeMime(attachment.mimeType) ?? mimeTypeFor(attachment.filename)
  const nameOf = (filename: string, mimeType: string) =>
    safeFilename(filename, 'attachment' + extensionFor(mimeType))
  const tempIn = (folder: string) => join(folder, `.${randomBytes(6).toString('hex')}.download`)

  /** Moves a finished temp file into place, replacing any copy kept under another name. */
  const adopt = async (key: string, temp: string, filename: string): Promise<Item> => {
    const path = join(folderOf(key), filename)
    const info = await stat(temp)
    if (!info.isFile()) throw new AppError('file', 'The attachment could not be saved on this computer.')
    await rename(temp, path)
    const old = index.get(key)
    if (old && old.path !== path) await rm(old.path, { force: true }).catch(() => undefined)
    index.set(key, { path, size: info.size, lastUsed: index.now(), touchedAt: Date.now() })
    return index.get(key)!
  }

  const fetchInto = async (key: string, attachment: Attachment, remoteUrl: string): Promise<Item> => {
    const started = epoch
    const folder = folderOf(key)
    const temp = tempIn(folder)
    let item: Item
    try {
      await mkdir(folder, { recursive: true })
      await options.download(remoteUrl, temp)
      item = await adopt(key, temp, nameOf(attachment.filename, mimeOf(attachment)))
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined)
      // Only removes the folder if it is empty, i.e. nothing else of this attachment was kept.
      await rmdir(folder).catch(() => undefined)
      logger.warn('media: attachment download failed', {
        attachmentId: attachment.id,
        url: withoutQuery(remoteUrl),
        error: scrubUrls(errorMessage(error)),
      })
      throw downloadError(error)
    }
    if (started !== epoch) {
      index.drop(key)
      await rm(folder, { recursive: true, force: true }).catch(() => undefined)
      throw new AppError('aborted', 'The download was cancelled.', true)
    }
    await index.enforceBound(key, busy)
    return item
  }

  const toFile = (item: Item, mimeType: string): MediaFile => ({
    path: item.path,
    mimeType,
    sizeBytes: item.size,
  })

  /** Copies a local file in as the attachment's bytes (put's work; see puts). */
  const copyIn = async (key: string, sourcePath: string, filename: string): Promise<Item> => {
    await index.ready()
    // A download of the same attachment finishing later would otherwise replace this copy.
    await inflight.get(key)?.catch(() => undefined)
    const folder = folderOf(key)
    const temp = tempIn(folder)
    let item: Item
    try {
      await mkdir(folder, { recursive: true })
      await copyFile(sourcePath, temp)
      item = await adopt(key, temp, filename)
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined)
      logger.warn('media: could not keep a copy of a sent file', { error: String(error) })
      throw new AppError('file', 'The attachment could not be saved on this computer.')
    }
    await index.enforceBound(key, busy)
    return item
  }

  const resolve = async (attachment: Attachment): Promise<MediaFile | null> => {
    const key = keyOf(attachment.id)
    await puts.get(key)
    await index.ready()
    const mimeType = mimeOf(attachment)
    const cached = await index.present(key)
    if (cached) return toFile(cached, mimeType)
    // Checked again without awaiting in between, so concurrent callers share one download (and one that
    // finished while we looked is used, not repeated).
    let pending = inflight.get(key)
    if (!pending) {
      const landed = index.get(key)
      if (landed) return toFile(index.touch(key), mimeType)
      if (attachment.remoteUrl === null) return null
      pending = fetchInto(key, attachment, attachment.remoteUrl).finally(() => inflight.delete(key))
      inflight.set(key, pending)
    }
    return toFile(await pending, mimeType)
  }

  return {
    resolve,

    put(attachmentId, sourcePath, filename, mimeType) {
      const key = keyOf(attachmentId)
      const type = normalizeMime(mimeType) ?? mimeTypeFor(filename)
      const copying = copyIn(key, sourcePath, nameOf(filename, type))
      const settled = copying
        .catch(() => undefined)
        .finally(() => {
          if (puts.get(key) === settled) puts.delete(key)
        })
      puts.set(key, settled)
      return copying.then((item) => toFile(item, type))
    },

    async saveCopy(attachment, targetDir) {
      const file = await resolve(attachment)
      const name = nameOf(attachment.filename, mimeOf(attachment))
      if (!file) throw new AppError('not-found', `${name} is no longer available to save.`)
      return copyWithFreeName(file.path, targetDir, name, logger)
    },

    async clear() {
      epoch++
      index.clear()
      await rm(dir, { recursive: true, force: true }).catch((error: unknown) =>
        logger.warn('media: could not clear the media folder', { error: String(error) }),
      )
    },
  }
}

/** Copies `source` into targetDir as "name.pdf", "name (1).pdf", …, never over a file already there. */
async function copyWithFreeName(
  source: string,
  targetDir: string,
  name: string,
  logger: Logger,
): Promise<string> {
  const ext = extname(name)
  const stem = name.slice(0, name.length - ext.length)
  for (let n = 0; n < MAX_COPY_NUMBER; n++) {
    const target = join(targetDir, n === 0 ? name : `${stem} (${n})${ext}`)
    try {
      // EXCL: never overwrite a file that is already there, even one created a moment ago.
      await copyFile(source, target, constants.COPYFILE_EXCL)
      return target
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue
      // Not EEXIST, so the target did not exist before: whatever is there now is our partial copy.
      await rm(target, { force: true }).catch(() => undefined)
      logger.warn('media: could not save a copy', { error: String(error) })
      throw new AppError('file', `${name} could not be saved in that folder.`)
    }
  }
  throw new AppError('file', `${name} could not be saved: that folder has too many copies of it.`)
}

/** Download URLs are often signed: the query string is a credential and never goes into a log. */
function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.origin + parsed.pathname
  } catch {
    return '(not a valid URL)'
  }
}

function scrubUrls(text: string): string {
  return text.replace(/(\w+:\/\/[^\s?#]*)[?#]\S*/g, '$1')
}

/** The failure in plain words, with the closest error kind. */
function downloadError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (error instanceof LinqApiError) {
    switch (error.kind) {
      case 'http': {
        const status = error.status ?? 0
        if (status === 401 || status === 403 || status === 404 || status === 410)
          return new AppError('not-found', 'This attachment is no longer available to download.')
        if (status === 429)
          return new AppError('rate-limited', 'Too many downloads at once. Try again in a moment.', true)
        if (status >= 500)
          return new AppError('server', 'The server holding this attachment had a problem. Try again.', true)
        return new AppError('refused', `The attachment could not be downloaded (error ${status}).`)
      }
      case 'timeout':
        return new AppError('timeout', 'The attachment download stalled. Try again.', true)
      case 'aborted':
        return new AppError('aborted', 'The download was cancelled.', true)
      case 'bad-response':
        return new AppError(
          'bad-response',
          "This attachment's address is not valid, so it can't be downloaded.",
        )
      case 'invalid-file':
        return new AppError('file', 'The attachment could not be saved on this computer.')
      case 'network':
        break
    }
  }
  // File system errors name a path; network ones do not.
  if (typeof error === 'object' && error !== null && 'path' in error)
    return new AppError('file', 'The attachment could not be saved on this computer.')
  return new AppError('network', "Can't download the attachment. Check your connection and try again.", true)
}
