// The token was accepted but the system keychain could not keep it. The user chooses, knowingly, between an
// encrypted file on this computer and keeping the token only until the app quits. On Linux without a
// keyring, Electron's "encryption" uses a hard-coded key: that is said plainly and must be acknowledged.
import { useId, useState, type FormEvent } from 'react'
import type { SessionState, SignInResult } from '../../../shared/domain'
import { errorText, linq } from '../../linq'
import { Button } from '../../ui/Button'
import { FormError } from '../../ui/FormError'

type Pending = Extract<SignInResult, { status: 'choose-storage' }>
type Choice = 'safe-storage' | 'memory'

export function ChooseStorage({
  pending,
  onBack,
  onDone,
}: {
  pending: Pending
  onBack: () => void
  onDone: (session: SessionState) => void
}) {
  const { fallback } = pending
  const safe = fallback.safeStorage
  const [choice, setChoice] = useState<Choice>(safe.available && !safe.isWeak ? 'safe-storage' : 'memory')
  const [acceptWeak, setAcceptWeak] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const name = useId()
  const keychainId = useId()
  const safeHelpId = useId()
  const memoryHelpId = useId()
  const weakId = useId()

  const blockedByWeak = choice === 'safe-storage' && safe.isWeak && !acceptWeak
  const canContinue = !busy && !blockedByWeak && (choice === 'memory' || safe.available)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!canContinue) return
    setBusy(true)
    setError(null)
    try {
      const session = await linq().chooseTokenStorage({
        pendingId: pending.pendingId,
        storage: choice,
        acceptWeakEncryption: choice === 'safe-storage' && safe.isWeak && acceptWeak,
      })
      onDone(session)
    } catch (err) {
      setError(errorText(err, 'The token could not be stored. Please sign in again.'))
      setBusy(false)
    }
  }

  return (
    <form className="choose-storage" onSubmit={(event) => void submit(event)} noValidate>
      <h1 className="welcome__title">Where should Linq keep your token?</h1>
      <p className="welcome__lead">
        Your token works ({pending.workspace.name}), but your system&rsquo;s keychain could not store it:
      </p>
      <p id={keychainId} className="callout callout--warning">
        {fallback.keychainError}
      </p>

      <fieldset className="choices" aria-describedby={keychainId}>
        <legend className="field-label">Choose one</legend>
        <div className={`choice${safe.available ? '' : ' choice--disabled'}`}>
          <input
            type="radio"
            id={`${name}-safe`}
            name={name}
            value="safe-storage"
            checked={choice === 'safe-storage'}
            disabled={!safe.available}
            onChange={() => setChoice('safe-storage')}
            aria-describedby={safeHelpId}
          />
          <div>
            <label htmlFor={`${name}-safe`} className="choice__label">
              Store encrypted on this computer
            </label>
            <p id={safeHelpId} className="field-help">
              {!safe.available
                ? 'Not available: this system offers the app no way to encrypt data.'
                : safe.isWeak
                  ? `On this Linux setup (${safe.backend ?? 'no keyring'}), the "encryption" uses a key that is the same on every computer. It is NOT real protection: anyone who can read your files can read the token.`
                  : 'The token is encrypted with a key your operating system keeps for your user account. You stay signed in after restarting.'}
            </p>
          </div>
        </div>
        <div className="choice">
          <input
            type="radio"
            id={`${name}-memory`}
            name={name}
            value="memory"
            checked={choice === 'memory'}
            onChange={() => setChoice('memory')}
            aria-describedby={memoryHelpId}
          />
          <div>
            <label htmlFor={`${name}-memory`} className="choice__label">
              Keep for this session only
            </label>
            <p id={memoryHelpId} className="field-help">
              Nothing is written to disk. You will need to paste the token again after quitting Linq.
            </p>
          </div>
        </div>
      </fieldset>

      {choice === 'safe-storage' && safe.available && safe.isWeak && (
        <div className="checkbox-row callout callout--danger">
          <input
            type="checkbox"
            id={weakId}
            checked={acceptWeak}
            onChange={(event) => setAcceptWeak(event.target.checked)}
          />
          <label htmlFor={weakId}>
            I understand the token will be stored without real protection on this computer.
          </label>
        </div>
      )}

      <FormError error={error} />
      <div className="form-actions">
        <Button onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button type="submit" variant="primary" busy={busy} disabled={!canContinue}>
          {busy ? 'Saving…' : 'Continue'}
        </Button>
      </div>
    </form>
  )
}
