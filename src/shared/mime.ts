// File types by extension, one table for the whole app: the API client labels uploads with it, the
// attachment staging previews with it, and the sandbox types what it stores with it. Operating systems do not
// tell a file's type, so the extension decides, as it does for Linq's own uploads.

export const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.vcf': 'text/vcard',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
}

export const DEFAULT_MIME = 'application/octet-stream'

/** ".pdf" for "Q3 report.PDF"; "" without an extension (dot files included). */
export function extensionOf(filename: string): string {
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot).toLowerCase() : ''
}

/** The type for a file name, or undefined when the extension is not one the app knows. */
export function knownMimeTypeFor(filename: string): string | undefined {
  return MIME_BY_EXTENSION[extensionOf(filename)]
}
