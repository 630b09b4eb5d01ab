// Main→renderer events, typed by the contract. The Electron adapter forwards them to the window, the web
// bridge to its WebSocket clients; services only ever call emit().
import type { EventName, EventPayload } from '../../shared/contract'

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  /** Receives every event; returns an unsubscribe. */
  subscribe(listener: Listener): () => void
}

export function createEventHub(): EventHub {
  const listeners = new Set<Listener>()
  return {
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
