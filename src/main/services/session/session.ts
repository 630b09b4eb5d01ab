// Who is signed in, and to what. Sign-in validates the token with a real call before anything is stored,
// keeps it in the keychain (or, with the user's consent, a weaker place), and opens the workspace's services.
// The token goes from here into the workspace's API client and nowhere else: no result or event carries it.
import { createHash } from 'node:crypto'
import {
  SIGNED_OUT_SYNC,
  type PhoneNumber,
  type SessionState,
  type SignInResult,
  type StorageFallback,
  type TokenStorage,
  type Workspace,
} from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { createSerialQueue } from '../async/serial'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import { createPendingSignIns } from './pending-sign-ins'
import { signInError } from './sign-in-errors'
import { errorMessage } from '../../../shared/error-message'

export const DEFAULT_BASE_URL = 'https://api.linqapp.com'
export const DEMO_WORKSPACE_ID = 'demo'

export interface TokenStoreLike {
  save(
    workspaceId: string,
    token: string,
  ): Promise<{ stored: 'keychain' } | { stored: null; fallback: StorageFallback }>
  saveWithFallback(
    workspaceId: string,
    token: string,
    choice: 'safe-storage' | 'memory',
    acceptWeakEncryption: boolean,
  ): Promise<TokenStorage>
  load(workspaceId: string): Promise<{ token: string; storage: TokenStorage } | null>
  remove(workspaceId: string): Promise<void>
}

/** What is remembered between runs about the last workspace: never the token. */
export interface RememberedWorkspace {
  workspace: Workspace
  /** Where its token was kept; absent in files from earlier builds. */
  tokenStorage?: TokenStorage
}

/** What the session opens for a workspace and closes when it ends (the workspace's services). */
export interface SessionServices {
  dispose(): Promise<void>
}

export interface SessionOptions<W extends SessionServices> {
  logger: Logger
  events: EventHub
  tokenStore: TokenStoreLike
  remembered: { get(): RememberedWorkspace | null; set(value: RememberedWorkspace | null): void }
  /** Lists the token's phone numbers: the real call that proves a token works. */
  validate(baseUrl: string, token: string): Promise<PhoneNumber[]>
  /** Starts the in-process sandbox for the demo workspace. */
  startDemoServer(): Promise<{ baseUrl: string; token: string; close(): Promise<void> }>
  open(workspace: Workspace, token: string): Promise<W>
  /** Deletes a workspace's cache, drafts and staged files. */
  removeLocalData(workspaceId: string): Promise<void>
  /** The last workspace was remembered but could not be reopened at start (its token unreadable…). */
  onRestoreFailed?(): void
}

/** Accepts what people paste: trailing slashes, the /api/partner/v2 suffix, stray spaces. */
export function normalizeBaseUrl(input: string | undefined): string {
  const raw = (input ?? DEFAULT_BASE_URL).trim() || DEFAULT_BASE_URL
  const url = new URL(raw)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError(
      'validation',
      'The API address must start with https:// (or http:// for a local sandbox).',
    )
  }
  return url.origin + url.pathname.replace(/\/+$/, '').replace(/\/api\/partner(\/v\d+)?$/, '')
}

/** A Linq token is bound to one organization; its numbers and API host identify the workspace. */
export function workspaceIdFor(baseUrl: string, numbers: PhoneNumber[]): string {
  const key = [new URL(baseUrl).host, ...numbers.map((n) => n.number).sort()].join('|')
  return 'ws_' + createHash('sha256').update(key).digest('hex').slice(0, 16)
}

/** The workspace that is open (at most one): opening one closes the last, and tells the renderer. */
function createOpenSlot<W extends SessionServices>(options: SessionOptions<W>) {
  const { logger, events } = options
  let current: {
    workspace: Workspace
    storage: TokenStorage
    services: W
    closeDemo?: () => Promise<void>
  } | null = null
  const state = (): SessionState =>
    current
      ? { status: 'signed-in', workspace: current.workspace, tokenStorage: current.storage }
      : { status: 'signed-out' }

  const close = async (): Promise<void> => {
    const closing = current
    current = null
    if (!closing) return
    await closing.services.dispose().catch((error: unknown) =>
      logger.warn('closing the workspace failed', {
        error: errorMessage(error),
      }),
    )
    await closing.closeDemo?.()
  }

  const activate = async (
    workspace: Workspace,
    token: string,
    storage: TokenStorage,
    closeDemo?: () => Promise<void>,
  ): Promise<Extract<SessionState, { status: 'signed-in' }>> => {
    await close()
    logger.addSecret(token)
    const services = await options.open(workspace, token)
    current = { workspace, storage, services, closeDemo }
    options.remembered.set({ workspace, tokenStorage: storage })
    logger.info('workspace opened', { workspace: workspace.id, kind: workspace.kind, storage })
    const signedIn = { status: 'signed-in' as const, workspace, tokenStorage: storage }
    events.emit('sessionChanged', signedIn)
    return signedIn
  }

  return { state, close, activate, current: () => current }
}

/** The workspace a token opens, proven with a real call; a refusal comes as a friendly sign-in error. */
async function validatedWorkspace(
  options: Pick<SessionOptions<SessionServices>, 'logger' | 'validate'>,
  input: { token: string; baseUrl?: string },
): Promise<Workspace> {
  const { logger } = options
  const baseUrl = normalizeBaseUrl(input.baseUrl)
  logger.addSecret(input.token)
  let numbers: PhoneNumber[]
  try {
    numbers = await options.validate(baseUrl, input.token)
  } catch (error) {
    const friendly = signInError(error, baseUrl)
    logger.info('sign-in refused', { kind: friendly.kind, host: new URL(baseUrl).host })
    throw friendly
  }
  const host = new URL(baseUrl).host
  return {
    id: workspaceIdFor(baseUrl, numbers),
    kind: 'linq',
    name: host === new URL(DEFAULT_BASE_URL).host ? 'Linq' : host,
    baseUrl,
    phoneNumbers: numbers,
  }
}

export function createSession<W extends SessionServices>(options: SessionOptions<W>) {
  const { logger, events } = options
  const pending = createPendingSignIns()
  const slot = createOpenSlot(options)
  const { state, close, activate } = slot
  // Serializes sign-in/out so a double click cannot open two workspaces.
  const queue = createSerialQueue()
  const serialized = <T>(task: () => Promise<T>): Promise<T> => queue.run(task)

  const startDemo = async () => {
    // A new demo starts from a clean folder: the open demo must stop writing to it before it is removed
    // (a cache flush racing the removal made it fail with ENOTEMPTY, found by fuzzing).
    if (slot.current()?.workspace.id === DEMO_WORKSPACE_ID) await close()
    const server = await options.startDemoServer()
    try {
      const numbers = await options.validate(server.baseUrl, server.token)
      const workspace: Workspace = {
        id: DEMO_WORKSPACE_ID,
        kind: 'demo',
        name: 'Demo workspace',
        baseUrl: server.baseUrl,
        phoneNumbers: numbers,
      }
      return await activate(workspace, server.token, 'none', () => server.close())
    } catch (error) {
      await server.close()
      throw error
    }
  }

  return {
    state,
    /** The open workspace's services, or an error the UI can show. */
    services(): W {
      const current = slot.current()
      if (!current) throw new AppError('not-signed-in', 'Sign in or open the demo workspace first.')
      return current.services
    },
    workspace: (): Workspace | null => slot.current()?.workspace ?? null,

    /** At start: reopen the last workspace when its token is still available. */
    restore: () =>
      serialized(async (): Promise<SessionState> => {
        const last = options.remembered.get()
        if (!last) return state()
        try {
          if (last.workspace.kind === 'demo') return await startDemo()
          const saved = await options.tokenStore.load(last.workspace.id)
          if (!saved) {
            // Gone although it was stored (a token kept in memory is gone on purpose): say so.
            if (last.tokenStorage !== 'memory') options.onRestoreFailed?.()
            return state()
          }
          return await activate(last.workspace, saved.token, saved.storage)
        } catch (error) {
          logger.warn('could not reopen the last workspace', {
            error: errorMessage(error),
          })
          options.onRestoreFailed?.()
          return state()
        }
      }),

    signIn: (input: { token: string; baseUrl?: string }) =>
      serialized(async (): Promise<SignInResult> => {
        const workspace = await validatedWorkspace(options, input)
        const saved = await options.tokenStore.save(workspace.id, input.token)
        if (saved.stored === 'keychain') {
          return { status: 'signed-in', session: await activate(workspace, input.token, 'keychain') }
        }
        const pendingId = pending.add({ workspace, token: input.token })
        logger.info('keychain unavailable; asking where to keep the token', { workspace: workspace.id })
        return { status: 'choose-storage', pendingId, workspace, fallback: saved.fallback }
      }),

    chooseTokenStorage: (input: {
      pendingId: string
      storage: 'safe-storage' | 'memory'
      acceptWeakEncryption: boolean
    }) =>
      serialized(async (): Promise<SessionState> => {
        const entry = pending.get(input.pendingId)
        const storage = await options.tokenStore.saveWithFallback(
          entry.workspace.id,
          entry.token,
          input.storage,
          input.acceptWeakEncryption,
        )
        pending.remove(input.pendingId)
        return activate(entry.workspace, entry.token, storage)
      }),

    startDemo: () => serialized(startDemo),

    signOut: (input: { clearLocalData: boolean }) =>
      serialized(async (): Promise<void> => {
        const workspace = slot.current()?.workspace
        await close()
        pending.clear()
        options.remembered.set(null)
        if (workspace) {
          if (workspace.kind === 'linq') await options.tokenStore.remove(workspace.id)
          if (input.clearLocalData) await options.removeLocalData(workspace.id)
          logger.info('signed out', { workspace: workspace.id, clearedLocalData: input.clearLocalData })
        }
        events.emit('sessionChanged', { status: 'signed-out' })
        events.emit('syncStatus', SIGNED_OUT_SYNC)
      }),

    dispose: () => serialized(close),
  }
}

export type Session<W extends SessionServices> = ReturnType<typeof createSession<W>>
