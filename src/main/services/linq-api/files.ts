// Checks attachment paths before anything is uploaded, so the user hears "report.pdf is a folder" at once
// instead of a failed upload later.
import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { formatBytes } from '../../../shared/format-bytes'
import { LinqApiError } from './errors'

export interface CheckedFile {
  path: string
  filename: string
  size: number
}

export async function checkFile(
  path: string,
  filename: string | undefined,
  maxBytes: number,
  operationId: string,
): Promise<CheckedFile> {
  const name = filename || basename(path)
  const refuse = (message: string) => new LinqApiError({ kind: 'invalid-file', operationId, message })
  let info
  try {
    info = await stat(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw refuse(
      code === 'ENOENT' || code === 'ENOTDIR' ? `${name} no longer exists.` : `${name} can't be read.`,
    )
  }
  if (info.isDirectory()) throw refuse(`${name} is a folder — folders can't be sent.`)
  if (!info.isFile()) throw refuse(`${name} is not a regular file.`)
  if (info.size === 0) throw refuse(`${name} is empty.`)
  if (info.size > maxBytes) throw refuse(`${name} is larger than ${formatBytes(maxBytes)}.`)
  // Opening is the only reliable readability test (permissions, ACLs, locks on some systems).
  try {
    await (await open(path, 'r')).close()
  } catch {
    throw refuse(`${name} can't be read.`)
  }
  return { path, filename: name, size: info.size }
}
