import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import { loadPhoneMetadata } from '../../../src/shared/phone'

// The app waits for the phone metadata before any screen shows (startApp); components rendered here on their
// own get it up front the same way.
await loadPhoneMetadata()

// jsdom lays nothing out: the few layout APIs the renderer calls become no-ops, and the thread's scroller
// reports a viewport tall enough for the virtualizer to render every row (rows measure 0 px here).
if (!('ResizeObserver' in globalThis)) {
  class NoopResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(globalThis, 'ResizeObserver', { value: NoopResizeObserver, configurable: true })
}
const jsdomClientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!
Object.defineProperty(Element.prototype, 'clientHeight', {
  configurable: true,
  get(this: Element): number {
    return this.classList.contains('message-scroller') ? 2_000 : (jsdomClientHeight.get!.call(this) as number)
  },
})
Element.prototype.scrollIntoView ??= function scrollIntoView() {}
Element.prototype.scrollBy ??= function scrollBy() {}

afterEach(() => cleanup())
