// The media store's index of what is on disk: one item per attachment (its file, size and last use), the
// total size, and the least-recently-used eviction that keeps the store under its bound. Recency survives
// a restart through each file's mtime, read back by the first scan.
import { createHash } from 'node:crypto'
import { readdir, rm, stat, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../log'

export interface Item {
  path: string
  size: number
  lastUsed: number
  /** When the file's mtime was last set, which is what carries recency across restarts. */
  touchedAt: number
}

const KEY_SHAPE = /^[0-9a-f]{64}$/
const TOUCH_EVERY_MS = 60_000

/** An attachment id's key: ids come from a server and never become paths themselves. */
export const keyOf = (attachmentId: string) => createHash('sha256').update(attachmentId).digest('hex')

export function createMediaIndex(options: { dir: string; maxBytes: number; logger: Logger }) {
  const { dir, maxBytes, logger } = options
  const index = new Map<string, Item>()
  let total = 0
  let scanning: Promise<void> | null = null
  // Strictly increasing, so two uses within one millisecond still have an order.
  let clock = 0
  const now = () => (clock = Math.max(clock + 1, Date.now()))
  const folderOf = (key: string) => join(dir, key.slice(0, 2), key)

  const setItem = (key: string, item: Item): void => {
    const old = index.get(key)
    if (old) total -= old.size
    index.set(key, item)
    total += item.size
  }
  const dropItem = (key: string): void => {
    const old = index.get(key)
    if (!old) return
    total -= old.size
    index.delete(key)
  }

  /** What a previous run left on disk, with its mtime as the last use; half downloads are deleted. */
  const scan = async (): Promise<void> => {
    const list = async (path: string) => readdir(path, { withFileTypes: true }).catch(() => [])
    for (const shard of await list(dir)) {
      if (!shard.isDirectory() || !/^[0-9a-f]{2}$/.test(shard.name)) continue
      for (const keyDir of await list(join(dir, shard.name))) {
        const key = keyDir.name
        if (!keyDir.isDirectory() || !KEY_SHAPE.test(key) || !key.startsWith(shard.name)) continue
        for (const file of await list(folderOf(key))) {
          const path = join(folderOf(key), file.name)
          if (file.name.startsWith('.')) {
            await rm(path, { force: true }).catch(() => undefined)
            continue
          }
          const info = await stat(path).catch(() => null)
          if (!info?.isFile()) continue
          const known = index.get(key)
          if (known && known.lastUsed >= info.mtimeMs) continue
          setItem(key, { path, size: info.size, lastUsed: info.mtimeMs, touchedAt: info.mtimeMs })
        }
      }
    }
  }

  /** The indexed file if it is still on disk (someone may have deleted it behind our back). */
  const present = async (key: string): Promise<Item | null> => {
    const item = index.get(key)
    if (!item) return null
    const info = await stat(item.path).catch(() => null)
    // Replaced or evicted while we looked: go by what is indexed now.
    if (index.get(key) !== item) return index.has(key) ? touch(key) : null
    if (!info?.isFile()) {
      dropItem(key)
      return null
    }
    if (info.size !== item.size) setItem(key, { ...item, size: info.size })
    return touch(key)
  }

  const touch = (key: string): Item => {
    const item = index.get(key)!
    item.lastUsed = now()
    if (Date.now() - item.touchedAt > TOUCH_EVERY_MS) {
      item.touchedAt = Date.now()
      const at = new Date()
      void utimes(item.path, at, at).catch(() => undefined)
    }
    return item
  }

  /** Deletes least recently used files until the store fits, sparing `keep` and the `busy` ones. */
  const enforceBound = async (keep: string, busy: (key: string) => boolean): Promise<void> => {
    if (total <= maxBytes) return
    const byAge = [...index.entries()]
      .filter(([key]) => key !== keep && !busy(key))
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed)
    for (const [key, item] of byAge) {
      if (total <= maxBytes) break
      // Another eviction pass may have got here first.
      if (index.get(key) !== item) continue
      dropItem(key)
      await rm(folderOf(key), { recursive: true, force: true }).catch((error: unknown) =>
        logger.warn('media: could not evict a cached file', { error: String(error) }),
      )
    }
  }

  return {
    folderOf,
    now,
    /** Resolves once what a previous run left on disk is indexed. */
    ready: () => (scanning ??= scan()),
    get: (key: string) => index.get(key),
    set: setItem,
    drop: dropItem,
    present,
    touch,
    enforceBound,
    clear() {
      index.clear()
      total = 0
    },
  }
}
