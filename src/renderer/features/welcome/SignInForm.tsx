// Token entry. Main checks the token with a real call before keeping it; errors come back in plain words and
// the token stays in the field so a typo in the address can be fixed without pasting it again.
import { useId, useState, type FormEvent } from 'react'
import type { SignInResult } from '../../../shared/domain'
import { linq } from '../../linq'
import { Button } from '../../ui/Button'
import { IconButton } from '../../ui/IconButton'
import { EyeIcon, EyeOffIcon } from '../../ui/icons'
import { FormError } from '../../ui/FormError'
import { useFormAction } from '../../ui/use-form-action'

export const DEFAULT_BASE_URL = 'https://api.linqapp.com'

export interface SignInDraft {
  token: string
  baseUrl: string
}

export const EMPTY_SIGN_IN: SignInDraft = { token: '', baseUrl: DEFAULT_BASE_URL }

export function SignInForm({
  draft,
  onDraftChange,
  onBack,
  onResult,
}: {
  /** Held by the welcome flow, so going back from the storage choice keeps what was typed. */
  draft: SignInDraft
  onDraftChange: (draft: SignInDraft) => void
  onBack: () => void
  onResult: (result: SignInResult) => void
}) {
  const { token, baseUrl } = draft
  const [shown, setShown] = useState(false)
  const [advancedOpen, setAdvancedOpen] = useState(baseUrl !== DEFAULT_BASE_URL)
  const { busy, error, setError, run } = useFormAction()
  const tokenId = useId()
  const tokenHelpId = useId()
  const errorId = useId()
  const baseUrlId = useId()
  const baseUrlHelpId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || token.trim() === '') return
    const trimmedUrl = baseUrl.trim().replace(/\/+$/, '')
    const result = await run(
      () =>
        linq().signIn({
          token: token.trim(),
          ...(trimmedUrl && trimmedUrl !== DEFAULT_BASE_URL ? { baseUrl: trimmedUrl } : {}),
        }),
      'Signing in failed. Please try again.',
    )
    if (result) onResult(result)
  }

  return (
    <form className="sign-in" onSubmit={(event) => void submit(event)} noValidate>
      <h1 className="welcome__title">Sign in to Linq</h1>
      <p className="welcome__lead">
        Paste the integration token from your Linq dashboard. Linq checks it first; then it is kept in your
        system&rsquo;s keychain, and you are asked before it is kept anywhere else.
      </p>
      <label htmlFor={tokenId} className="field-label">
        Integration token
      </label>
      <div className="secret-field">
        <input
          id={tokenId}
          className="input secret-field__input"
          type={shown ? 'text' : 'password'}
          value={token}
          onChange={(event) => {
            onDraftChange({ ...draft, token: event.target.value })
            if (error) setError(null)
          }}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          aria-describedby={error ? `${errorId} ${tokenHelpId}` : tokenHelpId}
          aria-invalid={error !== null || undefined}
          required
          autoFocus
        />
        <IconButton
          className="secret-field__toggle"
          label={shown ? 'Hide token' : 'Show token'}
          aria-pressed={shown}
          icon={shown ? <EyeOffIcon /> : <EyeIcon />}
          onClick={() => setShown((s) => !s)}
        />
      </div>
      <p id={tokenHelpId} className="field-help">
        Linq Dashboard → Settings → Integration token.
      </p>

      <details
        className="advanced"
        open={advancedOpen}
        onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
      >
        <summary>Advanced</summary>
        <label htmlFor={baseUrlId} className="field-label">
          API base URL
        </label>
        <input
          id={baseUrlId}
          className="input"
          type="url"
          value={baseUrl}
          onChange={(event) => onDraftChange({ ...draft, baseUrl: event.target.value })}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={baseUrlHelpId}
        />
        <p id={baseUrlHelpId} className="field-help">
          Change this only for Linq staging or a self-hosted sandbox. Default: {DEFAULT_BASE_URL}
        </p>
      </details>

      <FormError error={error} id={errorId} />
      <div className="form-actions">
        <Button onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button type="submit" variant="primary" busy={busy} disabled={token.trim() === ''}>
          {busy ? 'Checking your token…' : 'Sign in'}
        </Button>
      </div>
    </form>
  )
}
