// The machine's sleep and wake through Electron's powerMonitor (usable once the app is ready). The services
// decide what a wake means (services/power.ts).
import { powerMonitor } from 'electron'
import type { PowerEvents } from '../services/power'

export function electronPowerEvents(): PowerEvents {
  return {
    subscribe(listener) {
      const suspend = () => listener('suspend')
      const resume = () => listener('resume')
      const unlock = () => listener('unlock-screen')
      powerMonitor.on('suspend', suspend)
      powerMonitor.on('resume', resume)
      powerMonitor.on('unlock-screen', unlock)
      return () => {
        powerMonitor.off('suspend', suspend)
        powerMonitor.off('resume', resume)
        powerMonitor.off('unlock-screen', unlock)
      }
    },
  }
}
