// Checks attachment paths before anything is uploaded, so the user hears "report.pdf is a folder" at once
// instead of a failed upload later.
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { LinqApiError } from './errors'

export interface CheckedFile {
  path: string
  filename: string
  size: number
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`

export async function checkFile(path: string, filename: string | undefined, maxBytes: number, operationId: string): Promise<CheckedFile> {
  const name = filename || basename(path)
  const refuse = (message: string) => new LinqApiError({ kind: 'invalid-file', operationId, message })
  const info = await stat(path).catch(() => null)
  if (!info) throw refuse(`${name} no longer exists.`)
  if (info.isDirectory()) throw refuse(`${name} is a folder — folders can't be sent.`)
  if (!info.isFile()) throw refuse(`${name} is not a regular file.`)
  if (info.size > maxBytes) throw refuse(`${name} is ${megabytes(info.size)}; the limit is ${megabytes(maxBytes)}.`)
  try {
    await access(path, constants.R_OK)
  } catch {
    throw refuse(`${name} can't be read.`)
  }
  return { path, filename: name, size: info.size }
}
