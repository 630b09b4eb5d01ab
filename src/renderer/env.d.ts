import type { LinqBridge } from '../shared/contract'

declare global {
  interface Window {
    linq: LinqBridge
  }
}
