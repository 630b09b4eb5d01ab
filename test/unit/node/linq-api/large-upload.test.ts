import { open, rm, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { expect, it } from 'vitest'
import { createLinqClient, newIdempotencyKey } from '../../../../src/main/services/linq-api'

it('uploads a 200 MB file streamed from disk: RSS stays within 64 MB of the baseline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'linq-200mb-'))
  // The sandbox runs in its own process so that only the client's memory is measured here.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts', '--port', '0', '--small'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const banner = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('Token:') && out.includes('\n', out.indexOf('Token:'))) resolve(out)
    })
    child.once('exit', () => reject(new Error(`sandbox exited: ${out}`)))
  })
  const sandbox = {
    baseUrl: /listening on (\S+)/.exec(banner)![1]!,
    token: /Token: (\S+)/.exec(banner)![1]!,
  }
  const path = join(dir, 'video.mov')
  const size = 200 * 1024 * 1024
  try {
    // Real bytes on disk (not sparse), written in 1 MB blocks so the test itself stays small in memory.
    const file = await open(path, 'w')
    const block = Buffer.alloc(1024 * 1024, 7)
    for (let i = 0; i < 200; i++) await file.write(block)
    await file.close()
    // The app's own limit is 100 MB; this test is about memory, so it allows more.
    const linq = createLinqClient({ baseUrl: sandbox.baseUrl, token: sandbox.token, pacing: { perChatIntervalMs: 0 }, maxAttachmentBytes: 256 * 1024 * 1024 })
    const numbers = await linq.listPhoneNumbers()
    const chatId = (await linq.listChats(numbers[0]!.number)).items[0]!.id
    global.gc?.()
    const baseline = process.memoryUsage().rss
    let peak = baseline
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    let lastProgress = 0
    const { message } = await linq.sendMessage(chatId, { text: 'the video', idempotencyKey: newIdempotencyKey(), attachments: [{ path }] }, { onProgress: (p) => (lastProgress = p.sentBytes) })
    clearInterval(sampler)
    expect(message.attachments[0]).toMatchObject({ filename: 'video.mov', mimeType: 'video/quicktime', sizeBytes: size })
    expect(lastProgress).toBeGreaterThan(size)
    const growthMb = (peak - baseline) / 1024 / 1024
    console.log(`200 MB upload: peak RSS growth ${growthMb.toFixed(1)} MB`)
    expect(growthMb).toBeLessThan(64)
  } finally {
    child.kill()
    await rm(dir, { recursive: true, force: true })
  }
}, 120_000)
