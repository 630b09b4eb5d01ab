// Conversations: the country that numbers typed without a +code belong to, and that decides how numbers are
// shown (national for the user's own country). The user's choice in Settings, else the OS locale's region.
import { create } from 'zustand'
import type { LinqBridge } from '../../shared/contract'
import { defaultRegion, type RegionCode } from '../../shared/phone'
import { setHandleRegion } from '../ui/format'

interface PhoneRegionState {
  /** What the user chose in Settings (null: follow the OS locale). */
  chosen: string | null
  region: RegionCode
  setChosen(chosen: string | null): void
}

const osLocale = () => (typeof navigator === 'undefined' ? undefined : navigator.language)

export const usePhoneRegionStore = create<PhoneRegionState>()((set) => {
  const region = defaultRegion(null, osLocale())
  setHandleRegion(region)
  return {
    chosen: null,
    region,
    setChosen(chosen) {
      const next = defaultRegion(chosen, osLocale())
      setHandleRegion(next)
      set({ chosen, region: next })
    },
  }
})

/** Reads the saved choice once the app starts; Settings updates the store when it changes. */
export function startPhoneRegion(bridge: LinqBridge): () => void {
  let live = true
  bridge
    .getSettings()
    .then((s) => live && usePhoneRegionStore.getState().setChosen(s.phoneRegion))
    .catch(() => undefined)
  return () => {
    live = false
  }
}
