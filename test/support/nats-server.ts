// Debian's nats-server, for real: JetStream on a temp dir, a free loopback port, and a handle to kill it (as a
// crash would) and start it again on the same port and store, so tests see what clients see in production.
// .ci/run installs the package; a machine without it gets a plain error, not a skipped test.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

export interface NatsServerHandle {
  url: string
  port: number
  storeDir: string
  /** SIGKILL by default: no goodbye to clients, no flush; JetStream must recover from its files. */
  stop(signal?: NodeJS.Signals): Promise<void>
  /** Starts again on the same port and store directory. */
  start(): Promise<void>
  /** Stops it and removes its directory. */
  dispose(): Promise<void>
}

export interface NatsServerOptions {
  /** Extra configuration (accounts, authorization…) appended to the generated file. */
  config?: string
  /** Files written next to the generated config, for `include` lines in `config`. */
  files?: Record<string, string>
}

export function natsServerBinary(): string {
  const candidates = [
    process.env.NATS_SERVER_BIN,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nats-server')),
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
  ]
  const found = candidates.find((path): path is string => Boolean(path && existsSync(path)))
  if (!found) throw new Error('nats-server not found: install it (apt-get install nats-server; .ci/run does)')
  return found
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (typeof address !== 'object' || !address) throw new Error('no free port')
  return address.port
}

function waitUntilReady(child: ChildProcess, log: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('nats-server did not start within 10 s')), 10_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      reject(new Error(`${error.message}\n${log.join('').slice(-2000)}`))
    }
    child.stderr!.on('data', (chunk: Buffer) => {
      log.push(chunk.toString())
      if (log.join('').includes('Server is ready')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => fail(new Error(`nats-server exited with ${code}`)))
  })
}

export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const binary = natsServerBinary()
  const dir = await mkdtemp(join(tmpdir(), 'linq-nats-'))
  const storeDir = join(dir, 'jetstream')
  const port = await freePort()
  for (const [name, text] of Object.entries(options.files ?? {})) await writeFile(join(dir, name), text)
  const configPath = join(dir, 'nats-server.conf')
  await writeFile(
    configPath,
    [
      `listen: 127.0.0.1:${port}`,
      `jetstream { store_dir: ${JSON.stringify(storeDir)}, max_memory_store: 64MB, max_file_store: 1GB }`,
      options.config ?? '',
    ].join('\n'),
  )
  let child: ChildProcess | null = null

  const handle: NatsServerHandle = {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async start() {
      if (child) return
      const log: string[] = []
      child = spawn(binary, ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] })
      try {
        await waitUntilReady(child, log)
      } catch (error) {
        child.kill('SIGKILL')
        child = null
        throw error
      }
      child.stderr!.resume()
    },
    async stop(signal = 'SIGKILL') {
      const running = child
      if (!running) return
      child = null
      if (running.exitCode !== null || running.signalCode !== null) return
      const exited = new Promise((resolve) => running.once('exit', resolve))
      running.kill(signal)
      await exited
    },
    async dispose() {
      await handle.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
  await handle.start()
  return handle
}
