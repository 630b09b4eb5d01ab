// Conversations: the country that numbers typed without a +code belong to, and that decides how numbers are
// shown (national for the user's own country). The user's choice in Settings, else the OS locale's region.
// Both need the phone metadata, a chunk of its own loaded at start (loadPhoneRegion): until it arrives the
// region is US and handles are shown as they are, and the workspace does not show before it.
import { create } from 'zustand'
import type { LinqBridge } from '../../shared/contract'
import { defaultRegion, loadPhoneMetadata, type RegionCode } from '../../shared/phone'
import { setHandleRegion } from '../ui/format'

interface PhoneRegionState {
  /** What the user chose in Settings (null: follow the OS locale). */
  chosen: string | null
  region: RegionCode
  setChosen(chosen: string | null): void
}

const osLocale = () => (typeof navigator === 'undefined' ? undefined : navigator.language)

export const usePhoneRegionStore = create<PhoneRegionState>()((set) => ({
  chosen: null,
  region: 'US',
  /** Only once the metadata is loaded (loadPhoneRegion): the region is checked against it. */
  setChosen(chosen) {
    const next = defaultRegion(chosen, osLocale())
    setHandleRegion(next)
    set({ chosen, region: next })
  },
}))

/** Loads the metadata and applies the region it lets us work out; startApp awaits it before any screen. */
export async function loadPhoneRegion(): Promise<void> {
  await loadPhoneMetadata()
  const { chosen, setChosen } = usePhoneRegionStore.getState()
  setChosen(chosen)
}

/** Reads the saved choice once the app starts; Settings updates the store when it changes. */
export function startPhoneRegion(bridge: LinqBridge): () => void {
  let live = true
  Promise.all([bridge.getSettings(), loadPhoneMetadata()])
    .then(([s]) => live && usePhoneRegionStore.getState().setChosen(s.phoneRegion))
    .catch(() => undefined)
  return () => {
    live = false
  }
}
