import { create } from 'zustand'
import type { SyncStatus } from '../../shared/domain'

export interface SyncStoreState {
  status: SyncStatus
  setStatus(status: SyncStatus): void
}

export const SIGNED_OUT_SYNC: SyncStatus = {
  state: 'signed-out',
  nextRetryAt: null,
  detail: null,
  lastSyncedAt: null,
}

export const useSyncStore = create<SyncStoreState>()((set) => ({
  status: SIGNED_OUT_SYNC,
  setStatus: (status) => set({ status }),
}))
