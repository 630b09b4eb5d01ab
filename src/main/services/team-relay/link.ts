// The open workspace's link to the team relay: starts this device's consumer when the workspace has a relay
// setting, applies each event through sync (the relay's shared fetch of the chat through applyShared, or else a
// targeted pullChat: either way Linq's answer goes through the one write path, with the cache and outbox rules),
// tells the scheduler whether to lean on the relay (slow safety-net polling) or poll
// as usual, and passes customers' typing to the window. Disposing the workspace stops it.
import type { TeamRelayInput } from '../../../shared/contract'
import type { TeamRelayStatus } from '../../../shared/domain'
import { errorMessage } from '../../../shared/error-message'
import { createSerialQueue } from '../async/serial'
import type { EventHub } from '../events'
import type { Logger } from '../log'
import { explainRelayError, probeTeamRelay, relayAuth, relayServers } from './connection'
import {
  startRelayConsumer,
  type AppliedLog,
  type RelayConsumer,
  type RelayConsumerHealth,
  type RelayConsumerOptions,
  type RelayEvent,
} from './relay-consumer'
import type { LoadedTeamRelay, TeamRelaySettings } from './settings'

/** What the link asks of sync. */
export interface RelaySyncHooks {
  pullChat(chatId: string): Promise<void>
  /** The relay's fetch of the chat's newest messages, applied as a pull's; false (or a throw): pull instead. */
  applyShared(chatId: string, answer: unknown, fetchedAt: string): Promise<boolean>
  /** The chat is in the cache (else a list round finds it first). */
  knowsChat(chatId: string): boolean
  /** One round over the chat list (a chat appeared, or people joined or left). */
  syncList(): Promise<void>
  setRelayHealthy(healthy: boolean): void
}

export interface TeamRelayLinkOptions {
  settings: TeamRelaySettings
  sync: RelaySyncHooks
  events: EventHub
  logger: Logger
  now?: () => number
  /** Which events were applied already, kept across restarts (applied-log.ts). */
  applied?: AppliedLog
  /** Tests shorten the consumer's waits. */
  consumer?: Pick<RelayConsumerOptions, 'ackWaitMs' | 'stopTimeoutMs' | 'lagThreshold' | 'silentAfterMs'>
}

export interface TeamRelayLink {
  /** Starts the consumer if the workspace has a relay setting; does not wait for the connection. */
  start(): Promise<void>
  status(): TeamRelayStatus
  configure(input: TeamRelayInput): Promise<TeamRelayStatus>
  clear(): Promise<TeamRelayStatus>
  test(input: TeamRelayInput): ReturnType<typeof probeTeamRelay>
  /** The machine woke: the consumer reconnects now and resumes after its last acknowledged event. */
  wake(): void
  dispose(): Promise<void>
}

/** How long "typing…" shows without news; Linq sends typing_indicator.removed when it ends sooner. */
export const TYPING_SHOWN_MS = 6_000
/** A typing event older than this (replayed after a restart) is old news and not shown. */
const TYPING_STALE_MS = 15_000

const STATE_OF: Record<RelayConsumerHealth['state'], Exclude<TeamRelayStatus['state'], 'off'> | 'off'> = {
  connecting: 'connecting',
  connected: 'connected',
  lagging: 'lagging',
  failed: 'error',
  stopped: 'off',
}

export function createTeamRelayLink(options: TeamRelayLinkOptions): TeamRelayLink {
  const { settings, sync, events, logger } = options
  const now = options.now ?? Date.now
  const queue = createSerialQueue()
  let consumer: RelayConsumer | null = null
  let loaded: LoadedTeamRelay | null = null
  let status: TeamRelayStatus = { state: 'off', deviceId: settings.deviceId() }
  let applied = 0
  let generations = 0

  const setStatus = (next: TeamRelayStatus) => {
    if (JSON.stringify(next) === JSON.stringify(status)) return
    status = next
    // Only a connected relay slows polling; lagging, failing or off, the app polls as usual.
    sync.setRelayHealthy(next.state === 'connected')
    events.emit('teamRelayStatus', next)
  }
  const showHealth = (health: RelayConsumerHealth) => {
    const state = STATE_OF[health.state]
    if (!loaded || state === 'off') return
    const detail = health.error && loaded ? explainRelayError(health.error, loaded.view) : null
    setStatus({ state, setting: loaded.view, detail, applied })
  }

  /** Applies the relay's fetch if the event has one that holds; false when this desktop must pull. */
  const useShared = async (event: RelayEvent & { kind: 'messages' | 'read' }): Promise<boolean> => {
    if (!event.shared) return false
    try {
      if (await sync.applyShared(event.chatId, event.shared.answer, event.shared.fetched_at)) return true
    } catch (error) {
      // Refused by the API schema (or the write failed): the desktop's own pull brings the chat, nothing lost.
      logger.warn('team relay: the shared fetch was refused; pulling the chat', {
        event: event.eventId,
        error: errorMessage(error),
      })
    }
    return false
  }

  const apply = async (event: RelayEvent): Promise<void> => {
    // How the change came: the relay's fetch (no request from here), this desktop's pull, or a list round.
    let via: 'shared' | 'pull' | 'list' | 'none' = 'none'
    switch (event.kind) {
      case 'messages':
      case 'read':
        // A read receipt changes the app's message's status: the newest page brings it like any change.
        if (!sync.knowsChat(event.chatId)) {
          via = 'list'
          await sync.syncList()
        } else if (await useShared(event)) via = 'shared'
        else {
          via = 'pull'
          await sync.pullChat(event.chatId)
        }
        break
      case 'chat':
      case 'chats':
        via = 'list'
        await sync.syncList()
        break
      case 'typing': {
        const at = Date.parse(event.createdAt)
        if (event.typing && !(now() - at < TYPING_STALE_MS)) break
        events.emit('chatTyping', {
          chatId: event.chatId,
          typing: event.typing,
          expiresAt: event.typing ? now() + TYPING_SHOWN_MS : now(),
        })
        break
      }
      case 'contacts':
        // The address book is refreshed by its own schedule (conversations).
        break
    }
    applied++
    logger.debug('team relay: event applied', {
      event: event.eventId,
      type: event.eventType,
      seq: event.seq,
      via,
    })
    if (loaded && consumer) showHealth(consumer.health())
  }

  const stopConsumer = async () => {
    generations++
    const running = consumer
    consumer = null
    await running?.stop()
  }

  const startConsumer = async () => {
    await stopConsumer()
    try {
      loaded = await settings.load()
    } catch (error) {
      loaded = null
      const view = settings.view()
      if (view) setStatus({ state: 'error', setting: view, detail: errorMessage(error), applied })
      return
    }
    if (!loaded) return setStatus({ state: 'off', deviceId: settings.deviceId() })
    const { view, credentials } = loaded
    setStatus({ state: 'connecting', setting: view, detail: null, applied })
    // A stopped consumer's last words must not overwrite its successor's state.
    const generation = ++generations
    consumer = startRelayConsumer({
      servers: relayServers(view.url),
      ...relayAuth(credentials),
      workspace: view.relayWorkspace,
      deviceId: view.deviceId,
      onEvent: apply,
      // Events aged out of the stream before this device read them: one round over the list finds their chats.
      onGap: () => sync.syncList(),
      applied: options.applied,
      onHealth: (health) => generation === generations && showHealth(health),
      logger,
      ...options.consumer,
    })
  }

  return {
    start: () => queue.run(startConsumer),
    status: () => status,
    configure: (input) =>
      queue.run(async () => {
        await settings.save(input)
        await startConsumer()
        return status
      }),
    clear: () =>
      queue.run(async () => {
        await stopConsumer()
        await settings.clear()
        loaded = null
        setStatus({ state: 'off', deviceId: settings.deviceId() })
        return status
      }),
    test: (input) =>
      probeTeamRelay(
        {
          url: input.url,
          relayWorkspace: input.relayWorkspace,
          deviceId: input.deviceId ?? settings.deviceId(),
        },
        input.credentials,
      ),
    wake: () => consumer?.reconnect(),
    dispose: () =>
      queue.run(async () => {
        await stopConsumer()
        sync.setRelayHealthy(false)
      }),
  }
}
