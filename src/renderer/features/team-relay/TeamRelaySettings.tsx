// Settings → Team relay: where this computer reads the team's relay (a NATS address, the relay's workspace
// name, this device's name) and how it signs in. The password, token or .creds file goes to main once, on
// Save or Test, and is not kept here afterwards; main keeps it in the system keychain.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { TeamRelayCredentials, TeamRelayInput } from '../../../shared/contract'
import type { TeamRelayAuth, TeamRelayStatus } from '../../../shared/domain'
import { errorText, linq } from '../../linq'
import { useTeamRelayStore } from '../../state/team-relay'
import { Button } from '../../ui/Button'
import { FormError } from '../../ui/FormError'

const AUTH_LABEL: Record<TeamRelayAuth, string> = {
  password: 'User and password',
  creds: 'Credentials file (.creds)',
  token: 'Token',
  none: 'No sign-in (a server on your own network)',
}

export function statusText(status: TeamRelayStatus | null): string {
  if (!status) return 'Reading the team relay setting…'
  switch (status.state) {
    case 'off':
      return `Off: Linq checks for new messages itself. This computer’s id is ${status.deviceId}.`
    case 'connecting':
      return `Connecting to ${status.setting.url}…`
    case 'connected':
      return 'Connected: changes arrive as they happen; the app also asks Linq for anything missed every 2 hours.'
    case 'lagging':
      return 'Connected, catching up on earlier changes. Linq also checks for new messages itself meanwhile.'
    case 'error':
      return `Not connected: ${status.detail ?? 'the relay cannot be reached'}. Linq checks for new messages itself meanwhile.`
  }
}

interface Fields {
  url: string
  relayWorkspace: string
  deviceId: string
  auth: TeamRelayAuth
  user: string
  secret: string
}

function fieldsOf(status: TeamRelayStatus | null): Fields {
  const setting = status && status.state !== 'off' ? status.setting : null
  return {
    url: setting?.url ?? '',
    relayWorkspace: setting?.relayWorkspace ?? '',
    deviceId: setting?.deviceId ?? '',
    auth: setting?.auth ?? 'password',
    user: setting?.user ?? '',
    secret: '',
  }
}

function inputOf(fields: Fields): TeamRelayInput {
  const credentials: TeamRelayCredentials =
    fields.auth === 'password'
      ? { kind: 'password', user: fields.user, password: fields.secret }
      : fields.auth === 'creds'
        ? { kind: 'creds', creds: fields.secret }
        : fields.auth === 'token'
          ? { kind: 'token', token: fields.secret }
          : { kind: 'none' }
  return {
    url: fields.url,
    relayWorkspace: fields.relayWorkspace,
    deviceId: fields.deviceId.trim() === '' ? undefined : fields.deviceId.trim(),
    credentials,
  }
}

export function TeamRelaySettings() {
  const headingId = useId()
  const statusId = useId()
  const status = useTeamRelayStore((s) => s.status)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    linq()
      .getTeamRelay()
      .then((s) => useTeamRelayStore.getState().setStatus(s))
      .catch((err: unknown) => setError(errorText(err, 'Could not read the team relay setting.')))
  }, [])
  return (
    <section className="settings__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings__heading">
        Team relay
      </h3>
      <p id={statusId} className="field-help" role="status" data-testid="team-relay-status">
        {statusText(status)}
      </p>
      <FormError error={error} />
      {status && <RelayForm status={status} describedBy={statusId} />}
    </section>
  )
}

/** A labelled one-line field (or a few lines, for a pasted .creds file). */
function Field(props: {
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  secret?: boolean
  multiline?: boolean
}) {
  const id = useId()
  const common = {
    id,
    className: 'input',
    value: props.value,
    spellCheck: false,
    autoComplete: 'off',
    placeholder: props.placeholder,
  }
  return (
    <div className="settings__field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={4} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={props.secret ? 'password' : 'text'}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </div>
  )
}

/** How this device signs in: the kind, then the user and the secret it needs. */
function SignInFields({
  fields,
  set,
  isSet,
}: {
  fields: Fields
  set: (patch: Partial<Fields>) => void
  isSet: boolean
}) {
  const authId = useId()
  const kept = isSet ? 'Kept in the keychain; type it again to save changes' : undefined
  return (
    <>
      <div className="settings__field">
        <label htmlFor={authId}>Sign in with</label>
        <select
          id={authId}
          className="input"
          value={fields.auth}
          onChange={(e) => set({ auth: e.target.value as TeamRelayAuth, secret: '' })}
        >
          {(Object.keys(AUTH_LABEL) as TeamRelayAuth[]).map((auth) => (
            <option key={auth} value={auth}>
              {AUTH_LABEL[auth]}
            </option>
          ))}
        </select>
      </div>
      {fields.auth === 'password' && (
        <>
          <Field label="User" value={fields.user} onChange={(user) => set({ user })} />
          <Field
            label="Password"
            secret
            value={fields.secret}
            placeholder={kept}
            onChange={(secret) => set({ secret })}
          />
        </>
      )}
      {fields.auth === 'token' && (
        <Field
          label="Token"
          secret
          value={fields.secret}
          placeholder={kept}
          onChange={(secret) => set({ secret })}
        />
      )}
      {fields.auth === 'creds' && (
        <Field
          label="Credentials file"
          multiline
          value={fields.secret}
          placeholder="Paste the whole .creds file"
          onChange={(secret) => set({ secret })}
        />
      )}
    </>
  )
}

function RelayForm({ status, describedBy }: { status: TeamRelayStatus; describedBy: string }) {
  const [fields, setFields] = useState(() => fieldsOf(status))
  const [busy, setBusy] = useState<'save' | 'test' | 'clear' | null>(null)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const set = (patch: Partial<Fields>) => setFields((f) => ({ ...f, ...patch }))
  const isSet = status.state !== 'off'
  const testButton = useRef<HTMLButtonElement>(null)
  const saveButton = useRef<HTMLButtonElement>(null)
  const form = useRef<HTMLFormElement>(null)
  // A busy button is disabled, which drops keyboard focus (the dialog catches it): it goes back where the
  // user was (Turn off is gone once it worked, so to Save), unless they have moved on within the form. In an
  // effect after the render that enables the button again: focusing before that commit does nothing.
  const refocus = useRef<'save' | 'test' | 'clear' | null>(null)
  useEffect(() => {
    const what = refocus.current
    if (busy !== null || what === null) return
    refocus.current = null
    if (form.current?.contains(document.activeElement)) return
    ;(what === 'test' ? testButton : saveButton).current?.focus()
  }, [busy])

  const run = async (what: 'save' | 'test' | 'clear') => {
    setBusy(what)
    setResult(null)
    try {
      if (what === 'test') {
        const answer = await linq().testTeamRelay(inputOf(fields))
        setResult(
          answer.ok
            ? { ok: true, text: 'The relay answered: this setting works.' }
            : { ok: false, text: answer.reason },
        )
        return
      }
      const next =
        what === 'save' ? await linq().setTeamRelay(inputOf(fields)) : await linq().clearTeamRelay()
      useTeamRelayStore.getState().setStatus(next)
      // The secret is main's now: nothing of it stays in this window.
      set({ secret: '' })
    } catch (err) {
      setResult({ ok: false, text: errorText(err, 'The team relay setting was not saved.') })
    } finally {
      refocus.current = what
      setBusy(null)
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run('save')
  }
  return (
    <form ref={form} onSubmit={submit} aria-describedby={describedBy}>
      <p className="field-help">
        Only if your team runs a relay: your admin gives you these. With it, this computer asks Linq much less
        often and sees customers typing.
      </p>
      <Field
        label="NATS address"
        value={fields.url}
        placeholder="tls://relay.example.com:4222"
        onChange={(url) => set({ url })}
      />
      <Field
        label="Relay workspace"
        value={fields.relayWorkspace}
        placeholder="acme"
        onChange={(relayWorkspace) => set({ relayWorkspace })}
      />
      <Field
        label="Device name"
        value={fields.deviceId}
        placeholder={isSet ? status.setting.deviceId : status.deviceId}
        onChange={(deviceId) => set({ deviceId })}
      />
      <SignInFields fields={fields} set={set} isSet={isSet} />
      {result && (
        <p className={result.ok ? 'field-help' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
      <div className="form-actions form-actions--start">
        <Button ref={testButton} onClick={() => void run('test')} busy={busy === 'test'}>
          Test connection
        </Button>
        <Button ref={saveButton} type="submit" variant="primary" busy={busy === 'save'}>
          {isSet ? 'Save and reconnect' : 'Save and connect'}
        </Button>
        {isSet && (
          <Button variant="danger" onClick={() => void run('clear')} busy={busy === 'clear'}>
            Turn off
          </Button>
        )}
      </div>
    </form>
  )
}
