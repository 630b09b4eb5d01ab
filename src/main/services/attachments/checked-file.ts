// Opening a file the user added, safely: without following a link (O_NOFOLLOW) and without blocking on a
// FIFO (O_NONBLOCK), checking what it is (a regular file, not empty, not too big) and keeping its identity
// (device, inode, size, mtime), so a file swapped after staging is refused instead of sent. The copy made
// at send time reads from a descriptor whose identity still matches, and only the staged bytes.
import { constants, createWriteStream, type BigIntStats } from 'node:fs'
import { lstat, open, type FileHandle } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../../../shared/errors'
import { formatBytes } from '../../../shared/format-bytes'

/** Which file a staged entry is: a file replaced or changed since staging no longer matches. */
export interface FileIdentity {
  dev: bigint
  ino: bigint
  size: bigint
  mtimeNs: bigint
}

export type Inspection = { ok: true; identity: FileIdentity } | { ok: false; error: string }

// No link is followed and a FIFO does not block the open; Windows has neither flag (links are checked there).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

export const identityOf = (info: BigIntStats): FileIdentity => ({
  dev: info.dev,
  ino: info.ino,
  size: info.size,
  mtimeNs: info.mtimeNs,
})
export const sameIdentity = (a: FileIdentity, b: FileIdentity) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs

/** The reasons a file is refused, in the words the user reads. */
export const refusal = {
  tooBig: (name: string, maxBytes: number) =>
    `${name} is larger than ${formatBytes(maxBytes)}, the most Linq accepts.`,
  empty: (name: string) => `${name} is empty (0 bytes) and can't be sent.`,
  missing: (name: string) => `${name} can't be found — it may have been moved or deleted.`,
  changed: (name: string) => `${name} changed after it was added. Add it again to send it.`,
  linked: (name: string) => `${name} is a link to another file. Add the file itself.`,
}

function openError(error: unknown, name: string): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return refusal.missing(name)
  if (code === 'ELOOP' || code === 'EMLINK') return refusal.linked(name)
  return `${name} can't be read.`
}

/**
 * Opens `path` as described at the top and checks what it is. With `expected`, the file must still be the
 * one staged. On success the caller owns the open handle.
 */
export async function openChecked(
  path: string,
  name: string,
  maxBytes: number,
  expected?: FileIdentity,
): Promise<{ ok: true; handle: FileHandle; identity: FileIdentity } | { ok: false; error: string }> {
  let handle: FileHandle
  try {
    if (constants.O_NOFOLLOW === undefined && (await lstat(path)).isSymbolicLink())
      return { ok: false, error: refusal.linked(name) }
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
  if (info.size === 0n) return refuse(refusal.empty(name))
  if (info.size > BigInt(maxBytes)) return refuse(refusal.tooBig(name, maxBytes))
  const identity = identityOf(info)
  if (expected && !sameIdentity(identity, expected)) return refuse(refusal.changed(name))
  return { ok: true, handle, identity }
}

export async function inspect(
  path: string,
  name: string,
  maxBytes: number,
  expected?: FileIdentity,
): Promise<Inspection> {
  const opened = await openChecked(path, name, maxBytes, expected)
  if (!opened.ok) return opened
  await opened.handle.close()
  return { ok: true, identity: opened.identity }
}

/** The send-time copy: from a descriptor that is still the staged file, and only its staged bytes. */
export const copier =
  (path: string, name: string, maxBytes: number, identity: FileIdentity) =>
  async (dest: string): Promise<number> => {
    const opened = await openChecked(path, name, maxBytes, identity)
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
        throw new AppError('file', refusal.changed(name))
      return size
    } finally {
      await handle.close()
    }
  }
