// The file engine under the cache. In the app it is electron-store (src/main/electron/store-engine.ts); in
// tests and the web bridge it is `conf`, which electron-store is built on, so both write the same files the
// same way (JSON, atomic temp-file-and-rename writes).
import Conf from 'conf'

/** One JSON document on disk. Reading a damaged file throws; the cache decides what to do about it. */
export interface StoreFile {
  readonly path: string
  read(): Record<string, unknown>
  write(value: Record<string, unknown>): void
}

/** Opens `<cwd>/<name>.json`. `name` may contain a subfolder (e.g. `chats/123`). */
export type StoreEngine = (options: { cwd: string; name: string }) => StoreFile

export function fromConf(store: Conf<Record<string, unknown>>): StoreFile {
  return {
    path: store.path,
    read: () => store.store,
    write: (value) => {
      store.store = value
    },
  }
}

export const confEngine: StoreEngine = ({ cwd, name }) =>
  fromConf(
    new Conf<Record<string, unknown>>({
      cwd,
      configName: name,
      // A damaged file must reach the cache as an error, to be moved aside and logged, not silently emptied.
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
      // Compact: conf indents with tabs by default, which adds a third to every file written and read.
      serialize: (value) => JSON.stringify(value),
    }),
  )
