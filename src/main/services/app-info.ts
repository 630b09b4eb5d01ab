import type { AppInfo } from '../../shared/domain'

export function appInfo(options: {
  version: string
  runtime: AppInfo['runtime']
  dataDirKind: AppInfo['dataDirKind']
}): AppInfo {
  return {
    name: 'Linq',
    version: options.version,
    platform: process.platform,
    runtime: options.runtime,
    dataDirKind: options.dataDirKind,
  }
}
