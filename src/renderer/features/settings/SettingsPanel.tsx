// Settings: notifications, the workspace and its numbers, where the token is kept, and signing out (with
// the choice to also delete this computer's cached chats and drafts). Its own chunk, loaded when it first
// opens (SettingsDialog.tsx).
import { useId, useState } from 'react'
import type { TokenStorage, Workspace } from '../../../shared/domain'
import { signOut } from '../../state/actions/session'
import { useSessionStore } from '../../state/session'
import { Button } from '../../ui/Button'
import { CheckboxRow } from '../../ui/CheckboxRow'
import { Dialog } from '../../ui/Dialog'
import { formatHandle } from '../../ui/format'
import { FormError } from '../../ui/FormError'
import { PhoneRegionSetting } from '../conversations/PhoneRegionSetting'
import { TeamRelaySettings } from '../team-relay/TeamRelaySettings'
import { DesktopSettings, UpdateSettings } from './DesktopSettings'
import { DoNotDisturb } from './DoNotDisturb'
import { useSettings, type SettingsState } from './use-settings'

export const TOKEN_STORAGE_TEXT: Record<TokenStorage, string> = {
  keychain: 'In your system’s keychain.',
  'safe-storage': 'Encrypted in this app’s data folder on this computer.',
  memory: 'Only in memory until you quit Linq. You will need to paste it again next time.',
  none: 'No token is needed for the demo workspace.',
}

export function SettingsPanel({
  workspace,
  tokenStorage,
  onClose,
  startAtSignOut,
}: {
  workspace: Workspace
  tokenStorage: TokenStorage
  onClose: () => void
  startAtSignOut: boolean
}) {
  const [confirmingSignOut, setConfirmingSignOut] = useState(startAtSignOut)
  const headingId = useId()
  const state = useSettings()
  // A tray, login items and updates exist only for the installed app, not in a browser tab.
  const desktop = useSessionStore((s) => s.appInfo?.runtime === 'electron')
  if (confirmingSignOut)
    return <SignOutConfirm onCancel={() => setConfirmingSignOut(false)} onClose={onClose} />
  return (
    <Dialog title="Settings" onClose={onClose} className="settings">
      <NotificationSettings state={state} />
      {desktop && <DesktopSettings state={state} />}
      {desktop && <UpdateSettings state={state} />}
      <PhoneRegionSetting state={state} />
      <FormError error={state.error} />
      <TeamRelaySettings />
      <section className="settings__section" aria-labelledby={headingId}>
        <h3 id={headingId} className="settings__heading">
          Workspace
        </h3>
        <dl className="settings__facts">
          <dt>Name</dt>
          <dd>{workspace.name}</dd>
          {workspace.kind === 'linq' && (
            <>
              <dt>API</dt>
              <dd>{workspace.baseUrl}</dd>
            </>
          )}
          <dt>Linq numbers</dt>
          <dd>
            {workspace.phoneNumbers.length === 0 ? (
              'None yet'
            ) : (
              <ul className="settings__numbers">
                {workspace.phoneNumbers.map((n) => (
                  <li key={n.id}>{formatHandle(n.number)}</li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Token</dt>
          <dd>{TOKEN_STORAGE_TEXT[tokenStorage]}</dd>
        </dl>
      </section>
      <div className="form-actions">
        <Button variant="danger" onClick={() => setConfirmingSignOut(true)}>
          Sign out…
        </Button>
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </Dialog>
  )
}

function NotificationSettings({ state }: { state: SettingsState }) {
  const { settings, change } = state
  const headingId = useId()
  return (
    <section className="settings__section" aria-labelledby={headingId} aria-busy={!settings}>
      <h3 id={headingId} className="settings__heading">
        Notifications
      </h3>
      <CheckboxRow
        role="switch"
        label="Show notifications for new messages"
        checked={settings?.notificationsEnabled ?? false}
        disabled={!settings}
        onChange={(checked) => void change({ notificationsEnabled: checked })}
      />
      <CheckboxRow
        role="switch"
        label="Show sender and text in notifications"
        help="When off, notifications only say “New message”."
        checked={settings?.notificationPreviews ?? false}
        disabled={!settings || !settings.notificationsEnabled}
        onChange={(checked) => void change({ notificationPreviews: checked })}
      />
      <DoNotDisturb
        settings={settings}
        onChange={(doNotDisturbUntil) => void change({ doNotDisturbUntil })}
      />
      <p className="field-help">To mute one chat, use the bell in its header or its menu in the chat list.</p>
    </section>
  )
}

function SignOutConfirm({ onCancel, onClose }: { onCancel: () => void; onClose: () => void }) {
  const [clearLocalData, setClearLocalData] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const confirm = async () => {
    setBusy(true)
    setError(null)
    const problem = await signOut(clearLocalData)
    // On success the session change closes everything; only a failure lands here.
    if (problem) {
      setError(problem)
      setBusy(false)
    }
  }

  return (
    <Dialog title="Sign out?" onClose={busy ? () => undefined : onClose} className="dialog--small">
      <p className="dialog__body">
        Linq stops checking for new messages on this computer until you sign in again.
      </p>
      <CheckboxRow
        label="Also delete this computer’s cached chats and drafts"
        help="Leave this off to find your chats and unsent drafts here when you sign in again."
        checked={clearLocalData}
        onChange={setClearLocalData}
      />
      <FormError error={error} />
      <div className="form-actions">
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button variant="danger" busy={busy} onClick={() => void confirm()}>
          {busy ? 'Signing out…' : 'Sign out'}
        </Button>
      </div>
    </Dialog>
  )
}
