// The settings that only the installed app has: keeping Linq in the tray, starting it at login, and updates
// (where the update feed can be named). The web bridge shows none of them: a browser tab has no tray.
import { useId, useState, type FormEvent } from 'react'
import type { Settings, UpdateStatus } from '../../../shared/domain'
import { installUpdateNow } from '../../state/desktop'
import { useUiStore } from '../../state/ui'
import { Button } from '../../ui/Button'
import { CheckboxRow } from '../../ui/CheckboxRow'
import type { SettingsState } from './use-settings'

export function DesktopSettings({ state }: { state: SettingsState }) {
  const headingId = useId()
  const { settings, change } = state
  return (
    <section className="settings__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings__heading">
        On this computer
      </h3>
      <CheckboxRow
        role="switch"
        label="Keep Linq running in the tray when its window is closed"
        help="Notifications and the unread count keep coming; Quit from the tray or the menu ends Linq."
        checked={settings?.keepRunningInTray ?? false}
        disabled={!settings}
        onChange={(keepRunningInTray) => void change({ keepRunningInTray })}
      />
      <CheckboxRow
        role="switch"
        label="Open Linq when you log in"
        help="With the tray kept, Linq starts there without opening its window."
        checked={settings?.launchAtLogin ?? false}
        disabled={!settings}
        onChange={(launchAtLogin) => void change({ launchAtLogin })}
      />
    </section>
  )
}

const STATUS_TEXT: Record<UpdateStatus['state'], (status: UpdateStatus) => string> = {
  off: (s) => `Automatic updates are off. ${s.detail ?? ''}`.trim(),
  idle: () => 'Linq checks for updates every few hours and downloads them in the background.',
  checking: () => 'Checking for updates…',
  downloading: (s) => `Downloading Linq ${s.version ?? ''}…`,
  ready: (s) => `Linq ${s.version ?? ''} is downloaded and installs when you quit.`,
  error: (s) => `The last check for updates failed: ${s.detail ?? 'unknown error'}. Linq tries again later.`,
}

export function UpdateSettings({ state }: { state: SettingsState }) {
  const headingId = useId()
  const statusId = useId()
  const update = useUiStore((s) => s.update)
  return (
    <section className="settings__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings__heading">
        Updates
      </h3>
      {update && (
        <p id={statusId} className="field-help" role="status" data-testid="update-status">
          {STATUS_TEXT[update.state](update)}
        </p>
      )}
      {update?.state === 'ready' && (
        <div className="form-actions form-actions--start">
          <Button onClick={() => void installUpdateNow()}>Restart and install now</Button>
        </div>
      )}
      {state.settings && <FeedField settings={state.settings} change={state.change} />}
    </section>
  )
}

function FeedField({ settings, change }: { settings: Settings; change: SettingsState['change'] }) {
  const [text, setText] = useState(settings.updateFeedUrl ?? '')
  const id = useId()
  const helpId = useId()
  const saved = settings.updateFeedUrl ?? ''
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void change({ updateFeedUrl: text.trim() === '' ? null : text.trim() })
  }
  return (
    <form className="settings__field" onSubmit={submit}>
      <label htmlFor={id}>Update address</label>
      <div className="settings__inline">
        <input
          id={id}
          className="input"
          type="url"
          inputMode="url"
          placeholder="https://"
          value={text}
          spellCheck={false}
          aria-describedby={helpId}
          onChange={(event) => setText(event.target.value)}
        />
        <Button type="submit" disabled={text.trim() === saved}>
          Save
        </Button>
      </div>
      <p id={helpId} className="field-help">
        Only if your administrator gave you one. Leave it empty to use the updates Linq was built with.
      </p>
    </form>
  )
}
