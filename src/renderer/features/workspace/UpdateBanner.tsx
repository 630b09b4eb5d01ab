// Tells the user a downloaded update installs when Linq quits (and offers to restart now). Showing it is
// what lets main install the update on quit: never without the user having been told.
import { useEffect, useState } from 'react'
import { acknowledgeUpdate, installUpdateNow } from '../../state/desktop'
import { useUiStore } from '../../state/ui'
import { Button } from '../../ui/Button'
import { IconButton } from '../../ui/IconButton'
import { CloseIcon } from '../../ui/icons'

export function UpdateBanner() {
  const update = useUiStore((s) => s.update)
  const version = update?.state === 'ready' ? (update.version ?? '') : null
  const [dismissed, setDismissed] = useState<string | null>(null)
  useEffect(() => {
    if (version !== null) acknowledgeUpdate()
  }, [version])
  if (version === null || dismissed === version) return null
  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      <span className="update-banner__text">Linq {version} is ready. It installs when you quit Linq.</span>
      <Button variant="primary" onClick={() => void installUpdateNow()}>
        Restart now
      </Button>
      <IconButton label="Hide until next time" icon={<CloseIcon />} onClick={() => setDismissed(version)} />
    </div>
  )
}
