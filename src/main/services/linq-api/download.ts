// Streams an attachment from Linq to a file, atomically (a .part file renamed at the end). The token goes
// only to the API's own origin: attachment URLs (and redirects) may point at a storage host.
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { delayTimer } from '../async/delay'
import { LinqApiError } from './errors'

export interface DownloadOptions {
  fetch: typeof fetch
  /** The API origin, the only one that gets the token. */
  origin: string
  token: string
  /** Longest silence (no bytes) before giving up; a large file over a slow line still finishes. */
  idleTimeoutMs: number
  signal?: AbortSignal
}

const OPERATION = 'downloadAttachment'
const MAX_REDIRECTS = 5

export async function download(remoteUrl: string, destPath: string, options: DownloadOptions): Promise<void> {
  const fail = (
    kind: 'http' | 'network' | 'timeout' | 'aborted' | 'bad-response',
    message: string,
    status?: number,
  ) => new LinqApiError({ kind, operationId: OPERATION, message, status })
  const webUrl = (value: string, base?: URL): URL => {
    let url: URL
    try {
      url = new URL(value, base)
    } catch {
      throw fail('bad-response', 'The attachment address is not a valid URL.')
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw fail('bad-response', 'The attachment address is not a web address.')
    return url
  }

  const idle = new AbortController()
  let timer = delayTimer(() => idle.abort(), options.idleTimeoutMs)
  const stillAlive = () => {
    clearTimeout(timer)
    timer = delayTimer(() => idle.abort(), options.idleTimeoutMs)
  }
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal
  const cannotSave = () =>
    new LinqApiError({
      kind: 'invalid-file',
      operationId: OPERATION,
      message: 'The attachment could not be saved on this computer.',
    })
  const interrupted = (error: unknown, what: string): LinqApiError => {
    if (error instanceof LinqApiError) return error
    // File system errors name a path; network ones do not.
    if (typeof error === 'object' && error !== null && 'path' in error) return cannotSave()
    if (options.signal?.aborted) return fail('aborted', 'The download was cancelled.')
    if (idle.signal.aborted) return fail('timeout', 'The attachment download stalled.')
    return fail('network', what)
  }

  const partial = `${destPath}.${randomUUID()}.part`
  try {
    let url = webUrl(remoteUrl)
    let response: Response
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> =
        url.origin === options.origin ? { 'X-LINQ-INTEGRATION-TOKEN': options.token } : {}
      try {
        response = await options.fetch(url, { headers, signal, redirect: 'manual' })
      } catch (error) {
        throw interrupted(error, "Can't reach the server that holds the attachment.")
      }
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || location === null) break
      await response.body?.cancel()
      if (hops >= MAX_REDIRECTS)
        throw fail('bad-response', 'The attachment address redirects too many times.')
      url = webUrl(location, url)
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel()
      throw fail('http', `Downloading the attachment failed (error ${response.status}).`, response.status)
    }
    const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>)
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Uint8Array>) {
          for await (const chunk of source) {
            stillAlive()
            yield chunk
          }
        },
        createWriteStream(partial),
      )
    } catch (error) {
      throw interrupted(error, 'The attachment download was interrupted.')
    }
    await rename(partial, destPath).catch(() => {
      throw cannotSave()
    })
  } catch (error) {
    await unlink(partial).catch(() => undefined)
    throw error
  } finally {
    clearTimeout(timer)
  }
}
