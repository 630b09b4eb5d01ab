import { create } from 'zustand'
import { SIGNED_OUT_SYNC, type SyncStatus } from '../../shared/domain'

export interface SyncStoreState {
  status: SyncStatus
  setStatus(status: SyncStatus): void
}

export const useSyncStore = create<SyncStoreState>()((set) => ({
  status: SIGNED_OUT_SYNC,
  setStatus: (status) => set({ status }),
}))
