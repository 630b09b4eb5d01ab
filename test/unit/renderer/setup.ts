import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// jsdom lays nothing out: the few layout APIs the renderer calls become no-ops (react-virtuoso is given
// sizes through VirtuosoMockContext in the tests that render threads).
if (!('ResizeObserver' in globalThis)) {
  class NoopResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(globalThis, 'ResizeObserver', { value: NoopResizeObserver, configurable: true })
}
Element.prototype.scrollIntoView ??= function scrollIntoView() {}
Element.prototype.scrollBy ??= function scrollBy() {}

afterEach(() => cleanup())
