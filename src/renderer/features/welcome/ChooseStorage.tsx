// The token was accepted but the system keychain could not keep it. The user chooses, knowingly, between an
// encrypted file on this computer and keeping the token only until the app quits. On Linux without a
// keyring, Electron's "encryption" uses a hard-coded key: that is said plainly and must be acknowledged.
import { useId, useState, type FormEvent } from 'react'
import type { SessionState, SignInResult } from '../../../shared/domain'
import { linq } from '../../linq'
import { Button } from '../../ui/Button'
import { CheckboxRow } from '../../ui/CheckboxRow'
import { FormError } from '../../ui/FormError'
import { useFormAction } from '../../ui/use-form-action'

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
  const { busy, error, run } = useFormAction()
  const name = useId()
  const keychainId = useId()

  const blockedByWeak = choice === 'safe-storage' && safe.isWeak && !acceptWeak
  const canContinue = !busy && !blockedByWeak && (choice === 'memory' || safe.available)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!canContinue) return
    const session = await run(
      () =>
        linq().chooseTokenStorage({
          pendingId: pending.pendingId,
          storage: choice,
          acceptWeakEncryption: choice === 'safe-storage' && safe.isWeak && acceptWeak,
        }),
      'The token could not be stored. Please sign in again.',
    )
    if (session) onDone(session)
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
        <RadioChoice
          name={name}
          value="safe-storage"
          chosen={choice}
          onChoose={setChoice}
          disabled={!safe.available}
          label="Store encrypted on this computer"
          help={
            !safe.available
              ? 'Not available: this system offers the app no way to encrypt data.'
              : safe.isWeak
                ? `On this Linux setup (${safe.backend ?? 'no keyring'}), the "encryption" uses a key that is the same on every computer. It is NOT real protection: anyone who can read your files can read the token.`
                : 'The token is encrypted with a key your operating system keeps for your user account. You stay signed in after restarting.'
          }
        />
        <RadioChoice
          name={name}
          value="memory"
          chosen={choice}
          onChoose={setChoice}
          label="Keep for this session only"
          help="Nothing is written to disk. You will need to paste the token again after quitting Linq."
        />
      </fieldset>

      {choice === 'safe-storage' && safe.available && safe.isWeak && (
        <CheckboxRow
          className="callout callout--danger"
          label="I understand the token will be stored without real protection on this computer."
          checked={acceptWeak}
          onChange={setAcceptWeak}
        />
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

/** One of the storage choices: a radio button, its label and what choosing it means. */
function RadioChoice({
  name,
  value,
  chosen,
  onChoose,
  disabled = false,
  label,
  help,
}: {
  name: string
  value: Choice
  chosen: Choice
  onChoose: (choice: Choice) => void
  disabled?: boolean
  label: string
  help: string
}) {
  const id = useId()
  const helpId = useId()
  return (
    <div className={`choice${disabled ? ' choice--disabled' : ''}`}>
      <input
        type="radio"
        id={id}
        name={name}
        value={value}
        checked={chosen === value}
        disabled={disabled}
        onChange={() => onChoose(value)}
        aria-describedby={helpId}
      />
      <div>
        <label htmlFor={id} className="choice__label">
          {label}
        </label>
        <p id={helpId} className="field-help">
          {help}
        </p>
      </div>
    </div>
  )
}
