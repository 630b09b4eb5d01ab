// First run: sign in with an integration token, or try the demo workspace (no token needed).
import { useState } from 'react'
import type { SessionState, SignInResult, Workspace } from '../../../shared/domain'
import { errorText, linq } from '../../linq'
import { applySession } from '../../state/actions/session'
import { useSessionStore } from '../../state/session'
import { Button } from '../../ui/Button'
import { formatHandle } from '../../ui/format'
import { ChooseStorage } from './ChooseStorage'
import { EMPTY_SIGN_IN, SignInForm, type SignInDraft } from './SignInForm'
import { FormError } from '../../ui/FormError'

type Step =
  | { kind: 'welcome' }
  | { kind: 'token' }
  | { kind: 'choose-storage'; pending: Extract<SignInResult, { status: 'choose-storage' }> }

export function WelcomeScreen() {
  const confirmed = useSessionStore((s) => s.confirmedWorkspace)
  const [step, setStep] = useState<Step>({ kind: 'welcome' })
  const [demoBusy, setDemoBusy] = useState(false)
  const [demoError, setDemoError] = useState<string | null>(null)
  const [draft, setDraft] = useState<SignInDraft>(EMPTY_SIGN_IN)

  if (confirmed) return <SignedIn workspace={confirmed} />

  const startDemo = async () => {
    setDemoBusy(true)
    setDemoError(null)
    try {
      applySession(await linq().startDemo())
    } catch (error) {
      setDemoError(errorText(error, 'The demo workspace could not start.'))
    } finally {
      setDemoBusy(false)
    }
  }

  const finish = (session: SessionState) => {
    // The token is main's now; the renderer forgets it.
    setDraft(EMPTY_SIGN_IN)
    if (session.status === 'signed-in') useSessionStore.getState().setConfirmedWorkspace(session.workspace)
    applySession(session)
  }

  const onSignedIn = (result: SignInResult) => {
    if (result.status === 'choose-storage') setStep({ kind: 'choose-storage', pending: result })
    else finish(result.session)
  }

  return (
    <main className="welcome">
      <div className="welcome__panel">
        {step.kind === 'welcome' && (
          <>
            <h1 className="welcome__title">Welcome to Linq</h1>
            <p className="welcome__lead">
              Send and receive iMessage, SMS and RCS from your business&rsquo;s Linq numbers.
            </p>
            <div className="welcome__choices">
              <Button variant="primary" onClick={() => setStep({ kind: 'token' })}>
                Sign in with your Linq integration token
              </Button>
              <Button onClick={() => void startDemo()} busy={demoBusy}>
                {demoBusy ? 'Starting the demo…' : 'Try the demo workspace'}
              </Button>
            </div>
            <p className="welcome__hint">
              The demo runs a practice Linq server on this computer, with sample chats and customers who write
              back. It needs no token and sends nothing to anyone.
            </p>
            <FormError error={demoError} />
          </>
        )}
        {step.kind === 'token' && (
          <SignInForm
            draft={draft}
            onDraftChange={setDraft}
            onBack={() => setStep({ kind: 'welcome' })}
            onResult={onSignedIn}
          />
        )}
        {step.kind === 'choose-storage' && (
          <ChooseStorage pending={step.pending} onBack={() => setStep({ kind: 'token' })} onDone={finish} />
        )}
      </div>
    </main>
  )
}

/** After a token sign-in: the numbers the token gives access to, before the chats open. */
function SignedIn({ workspace }: { workspace: Workspace }) {
  const count = workspace.phoneNumbers.length
  return (
    <main className="welcome">
      <div className="welcome__panel">
        <h1 className="welcome__title">You&rsquo;re signed in</h1>
        <p className="welcome__lead">
          {count === 0
            ? `The token works, but ${workspace.name} has no Linq numbers yet.`
            : `Found ${count} Linq ${count === 1 ? 'number' : 'numbers'} on ${workspace.name}:`}
        </p>
        {count > 0 && <NumberList workspace={workspace} />}
        <Button
          variant="primary"
          autoFocus
          onClick={() => useSessionStore.getState().setConfirmedWorkspace(null)}
        >
          Open my chats
        </Button>
      </div>
    </main>
  )
}

export function NumberList({ workspace }: { workspace: Workspace }) {
  return (
    <ul className="number-list" aria-label="Linq numbers">
      {workspace.phoneNumbers.map((n) => (
        <li key={n.id}>
          <span className="number-list__number">{formatHandle(n.number)}</span>
          {n.forwardingNumber && (
            <span className="number-list__detail">calls forward to {formatHandle(n.forwardingNumber)}</span>
          )}
        </li>
      ))}
    </ul>
  )
}
