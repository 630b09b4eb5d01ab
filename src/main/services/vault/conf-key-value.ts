// The safeStorage vault's store on `conf` (the engine under electron-store), for Node: the web bridge and tests.
import Conf from 'conf'
import type { KeyValue } from './safe-storage-vault'

/** `<cwd>/<name>.json`, readable by its owner only. Opened on first use, so a damaged file is an error there. */
export function createConfKeyValue(options: { cwd: string; name: string }): KeyValue {
  let conf: Conf<Record<string, unknown>> | null = null
  const open = (): Conf<Record<string, unknown>> =>
    (conf ??= new Conf<Record<string, unknown>>({
      cwd: options.cwd,
      configName: options.name,
      configFileMode: 0o600,
      // Keys are taken literally, and a damaged file is reported, never silently emptied.
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    }))
  return {
    get: (key) => open().get(key),
    set: (key, value) => open().set(key, value),
    delete: (key) => open().delete(key),
  }
}
