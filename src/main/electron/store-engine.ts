// The cache's file engine in the Electron app: electron-store, with the same options as the conf twin
// (compact JSON included).
import ElectronStore from 'electron-store'
import { fromConf, type StoreEngine } from '../services/cache/engine'

export const electronStoreEngine: StoreEngine = ({ cwd, name }) =>
  fromConf(
    new ElectronStore<Record<string, unknown>>({
      cwd,
      name,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
      serialize: (value) => JSON.stringify(value),
    }),
  )
