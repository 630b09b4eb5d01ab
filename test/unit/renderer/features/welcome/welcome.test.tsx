import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { App } from '../../../../../src/renderer/App'
import { useSessionStore } from '../../../../../src/renderer/state/session'
import type { StorageFallback } from '../../../../../src/shared/domain'
import type { FakeLinq, FakeLinqSeed } from '../../fake-linq'
import { installFake } from '../../harness'

async function showSignIn(seed: FakeLinqSeed = {}): Promise<FakeLinq> {
  const fake = installFake(seed)
  const user = userEvent.setup()
  render(<App />)
  await user.click(await screen.findByRole('button', { name: 'Sign in with your Linq integration token' }))
  return fake
}

const tokenField = () => screen.getByLabelText('Integration token')

const fallback = (safeStorage: StorageFallback['safeStorage']): { fallback: StorageFallback } => ({
  fallback: { keychainError: 'No Secret Service is running (gnome-keyring or KWallet).', safeStorage },
})

describe('welcome', () => {
  it('offers the token sign-in and the demo workspace', async () => {
    const fake = installFake()
    const user = userEvent.setup()
    render(<App />)
    expect(await screen.findByRole('heading', { name: 'Welcome to Linq', level: 1 })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Try the demo workspace' }))
    expect(await screen.findByRole('heading', { name: 'Chats', level: 1 })).toBeInTheDocument()
    expect(fake.callsOf('startDemo')).toHaveLength(1)
  })
})

describe('sign-in form', () => {
  it('masks the token, with a toggle to show it', async () => {
    await showSignIn()
    const user = userEvent.setup()
    expect(tokenField()).toHaveAttribute('type', 'password')
    expect(tokenField()).toHaveFocus()
    await user.click(screen.getByRole('button', { name: 'Show token' }))
    expect(tokenField()).toHaveAttribute('type', 'text')
    expect(screen.getByRole('button', { name: 'Hide token' })).toHaveAttribute('aria-pressed', 'true')
    await user.click(screen.getByRole('button', { name: 'Hide token' }))
    expect(tokenField()).toHaveAttribute('type', 'password')
  })

  it('has the API base URL under Advanced, defaulting to Linq', async () => {
    const fake = await showSignIn()
    const user = userEvent.setup()
    await user.click(screen.getByText('Advanced'))
    const url = screen.getByLabelText('API base URL')
    expect(url).toHaveValue('https://api.linqapp.com')
    await user.clear(url)
    await user.type(url, 'https://staging.linqapp.com/')
    await user.click(tokenField())
    await user.paste('good-token')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() =>
      expect(fake.callsOf('signIn')).toEqual([
        { token: 'good-token', baseUrl: 'https://staging.linqapp.com' },
      ]),
    )
  })

  it('shows a refused token in plain words and keeps it in the field', async () => {
    await showSignIn()
    const user = userEvent.setup()
    await user.click(tokenField())
    await user.paste('bad-token')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Linq did not accept this token. Check that you copied all of it.',
    )
    expect(tokenField()).toHaveValue('bad-token')
    expect(tokenField()).toHaveAttribute('aria-invalid', 'true')
    expect(tokenField()).toHaveAccessibleDescription(/Linq did not accept this token/)
  })

  it('after signing in, shows the Linq numbers found before opening the chats', async () => {
    await showSignIn()
    const user = userEvent.setup()
    await user.click(tokenField())
    await user.paste('good-token')
    await user.keyboard('{Enter}')
    expect(await screen.findByRole('heading', { name: 'You’re signed in' })).toBeInTheDocument()
    const numbers = screen.getByRole('list', { name: 'Linq numbers' })
    expect(
      within(numbers)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['(415) 555-0100', '(415) 555-0199'])
    await user.click(screen.getByRole('button', { name: 'Open my chats' }))
    expect(await screen.findByRole('heading', { name: 'Chats', level: 1 })).toBeInTheDocument()
  })
})

describe('choosing where to keep the token when the keychain is unavailable', () => {
  async function reachChoice(safeStorage: StorageFallback['safeStorage']): Promise<FakeLinq> {
    const fake = await showSignIn({ signIn: fallback(safeStorage) })
    const user = userEvent.setup()
    await user.click(tokenField())
    await user.paste('no-keychain')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await screen.findByRole('heading', { name: 'Where should Linq keep your token?' })
    return fake
  }

  it('explains the keychain error and requires a checkbox before weak encryption', async () => {
    const fake = await reachChoice({ available: true, backend: 'basic_text', isWeak: true })
    const user = userEvent.setup()
    expect(screen.getByText('No Secret Service is running (gnome-keyring or KWallet).')).toBeInTheDocument()
    const encrypted = screen.getByRole('radio', { name: 'Store encrypted on this computer' })
    expect(encrypted).toHaveAccessibleDescription(/NOT real protection/)
    // Weak encryption is never the preselected choice.
    expect(screen.getByRole('radio', { name: 'Keep for this session only' })).toBeChecked()

    await user.click(encrypted)
    const continueButton = screen.getByRole('button', { name: 'Continue' })
    expect(continueButton).toBeDisabled()
    const consent = screen.getByRole('checkbox', { name: /stored without real protection/ })
    await user.click(consent)
    expect(continueButton).toBeEnabled()
    await user.click(continueButton)

    await waitFor(() =>
      expect(fake.callsOf('chooseTokenStorage')).toEqual([
        { pendingId: 'pending_1', storage: 'safe-storage', acceptWeakEncryption: true },
      ]),
    )
    expect(await screen.findByRole('heading', { name: 'You’re signed in' })).toBeInTheDocument()
    expect(useSessionStore.getState().session).toMatchObject({
      status: 'signed-in',
      tokenStorage: 'safe-storage',
    })
  })

  it('disables encrypted storage when it is unavailable and says why', async () => {
    const fake = await reachChoice({ available: false, backend: null, isWeak: false })
    const user = userEvent.setup()
    const encrypted = screen.getByRole('radio', { name: 'Store encrypted on this computer' })
    expect(encrypted).toBeDisabled()
    expect(encrypted).toHaveAccessibleDescription(/Not available/)
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await waitFor(() =>
      expect(fake.callsOf('chooseTokenStorage')).toEqual([
        { pendingId: 'pending_1', storage: 'memory', acceptWeakEncryption: false },
      ]),
    )
  })

  it('Back returns to the form with the token still in it', async () => {
    await reachChoice({ available: true, backend: 'gnome_libsecret', isWeak: false })
    const user = userEvent.setup()
    expect(screen.getByRole('radio', { name: 'Store encrypted on this computer' })).toBeChecked()
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(tokenField()).toHaveValue('no-keychain')
  })
})
