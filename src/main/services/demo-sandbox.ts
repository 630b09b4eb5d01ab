// The demo workspace's server: the Linq sandbox, started in-process when the user opens the demo and
// stopped with it. The sandbox (Fastify, @fastify/multipart and the seed data) is loaded with a dynamic
// import() only then, so a signed-in app never loads it: the build puts it in a chunk of its own.
import { rm } from 'node:fs/promises'
import { AppError } from '../../shared/errors'
import { errorMessage } from '../../shared/error-message'
import type { Sandbox, SandboxOptions } from '../../sandbox'
import type { Logger } from './log'

export interface DemoServer {
  /** Clears the demo's old local data, then starts a fresh sandbox. */
  start(): Promise<{ baseUrl: string; token: string; close(): Promise<void> }>
  /** The running sandbox, while the demo is open (tests inject faults and customers through it). */
  current(): Sandbox | null
}

export function createDemoServer(options: {
  logger: Logger
  /** The demo workspace's folder (its cache, outbox and media). */
  dir: string
  sandbox?: Omit<SandboxOptions, 'port'>
}): DemoServer {
  const { logger } = options
  let running: Sandbox | null = null
  return {
    async start() {
      // The demo's server starts fresh each time, so its cache would only disagree with it: start clean too.
      await rm(options.dir, { recursive: true, force: true, maxRetries: 3 }).catch((error: unknown) => {
        logger.error('could not clear the old demo workspace', { error: errorMessage(error) })
        throw new AppError('file', 'The demo workspace could not be reset. Try again.', true)
      })
      const { startSandbox } = await import('../../sandbox')
      const sandbox = await startSandbox({ activity: {}, contacts: true, ...options.sandbox })
      running = sandbox
      logger.info('demo sandbox started', { baseUrl: sandbox.baseUrl })
      return {
        baseUrl: sandbox.baseUrl,
        token: sandbox.token,
        close: async () => {
          if (running === sandbox) running = null
          await sandbox.close()
        },
      }
    },
    current: () => running,
  }
}
