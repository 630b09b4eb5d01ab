// The safeStorage vault's store on `conf` (the engine under electron-store), for Node: the web bridge and tests.
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import Conf from 'conf'
import type { KeyValue } from './safe-storage-vault'

/**
 * `<cwd>/<name>.json`, readable by its owner only, opened on first use. A damaged file is an error for
 * that use (the caller says the token could not be read) and is then moved aside to
 * `<name>.json.corrupt-<time>`, never emptied in place, so signing in again can store a new token.
 */
export function createConfKeyValue(options: { cwd: string; name: string }): KeyValue {
  let conf: Conf<Record<string, unknown>> | null = null
  const create = () =>
    new Conf<Record<string, unknown>>({
      cwd: options.cwd,
      configName: options.name,
      configFileMode: 0o600,
      // Keys are taken literally, and a damaged file is reported, never silently emptied.
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    })
  const open = (): Conf<Record<string, unknown>> => {
    if (conf) return conf
    try {
      const opened = create()
      void opened.store
      return (conf = opened)
    } catch (error) {
      const path = join(options.cwd, `${options.name}.json`)
      try {
        renameSync(path, `${path}.corrupt-${Date.now()}`)
      } catch {
        // Could not move it: the next use reports the same error.
      }
      throw error
    }
  }
  return {
    get: (key) => open().get(key),
    set: (key, value) => open().set(key, value),
    delete: (key) => open().delete(key),
  }
}
