// A 200 MB attachment is streamed from disk: the process's RSS stays within 64 MB of its baseline while
// the whole file goes up. The sandbox runs in a child process so only the client's memory is measured.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createLinqClient, newIdempotencyKey } from '../../../../src/main/services/linq-api'

const SIZE = 200 * 1024 * 1024

it('uploads a 200 MB file streamed from disk with RSS within 64 MB of the baseline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'linq-200mb-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts', '--port', '0', '--small'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (/Token: \S+\n/.test(out)) resolve(out)
      })
      child.once('exit', () => reject(new Error(`the sandbox exited: ${out}`)))
    })
    const baseUrl = /listening on (\S+)/.exec(banner)![1]!
    const token = /Token: (\S+)/.exec(banner)![1]!

    // A sparse file: 200 MB long, written in an instant, read back as zeros.
    const path = join(dir, 'walkthrough.mov')
    await writeFile(path, '')
    await truncate(path, SIZE)
    // The app's own limit is 100 MB; this test is about memory, so it allows more.
    const linq = createLinqClient({ baseUrl, token, maxAttachmentBytes: 256 * 1024 * 1024 })
    const numbers = await linq.listPhoneNumbers()
    const chatId = (await linq.listChats(numbers[0]!.number)).items[0]!.id

    global.gc?.()
    const baseline = process.memoryUsage().rss
    let peak = baseline
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10)
    let lastProgress = { sentBytes: 0, totalBytes: 0 }
    const { message } = await linq.sendMessage(
      chatId,
      { text: 'the walkthrough', idempotencyKey: newIdempotencyKey(), attachments: [{ path }] },
      { onProgress: (p) => (lastProgress = p) },
    )
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)

    expect(message.attachments).toEqual([
      expect.objectContaining({ filename: 'walkthrough.mov', mimeType: 'video/quicktime', sizeBytes: SIZE }),
    ])
    expect(lastProgress.sentBytes).toBe(lastProgress.totalBytes)
    expect(lastProgress.totalBytes).toBeGreaterThan(SIZE)
    const growthMb = (peak - baseline) / 1024 / 1024
    console.log(`200 MB upload: peak RSS growth ${growthMb.toFixed(1)} MB`)
    expect(growthMb).toBeLessThan(64)
  } finally {
    child.kill('SIGTERM')
    await exited
    await rm(dir, { recursive: true, force: true })
  }
}, 120_000)
