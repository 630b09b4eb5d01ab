// Settings → Phone numbers: the country numbers typed without a +code belong to, and whose numbers are shown
// in their national format ("Automatic" follows the OS locale); and the contacts, fetched again on demand.
import { useId, useMemo, useState } from 'react'
import { regionCodes, regionOfLocale } from '../../../shared/phone'
import { errorText, linq } from '../../linq'
import { useConversationsStore } from '../../state/conversations'
import { usePhoneRegionStore } from '../../state/phone-region'
import { Button } from '../../ui/Button'
import { formatCount } from '../../ui/format'
import type { SettingsState } from '../settings/use-settings'

const countryNames = new Intl.DisplayNames(undefined, { type: 'region' })
const countryName = (code: string) => countryNames.of(code) ?? code

export function PhoneRegionSetting({ state }: { state: SettingsState }) {
  const headingId = useId()
  const selectId = useId()
  const { settings, change } = state
  const options = useMemo(
    () =>
      regionCodes()
        .map((code) => ({ code, name: countryName(code) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [],
  )
  const automatic = regionOfLocale(navigator.language)
  const onChange = async (value: string) => {
    const chosen = value === '' ? null : value
    if (await change({ phoneRegion: chosen })) usePhoneRegionStore.getState().setChosen(chosen)
  }
  return (
    <section className="settings__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings__heading">
        Phone numbers
      </h3>
      <label htmlFor={selectId} className="field-label">
        Country for numbers without a +code
      </label>
      <select
        id={selectId}
        className="input"
        value={settings?.phoneRegion ?? ''}
        disabled={!settings}
        onChange={(event) => void onChange(event.target.value)}
      >
        <option value="">Automatic ({automatic ? countryName(automatic) : 'United States'})</option>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name}
          </option>
        ))}
      </select>
      <ContactsRefresh />
    </section>
  )
}

/** How many contacts this computer has, and fetching them again now (they also refresh every 15 minutes). */
function ContactsRefresh() {
  const count = useConversationsStore((s) => s.contacts.length)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const refresh = async () => {
    setBusy(true)
    setStatus(null)
    try {
      const contacts = await linq().refreshContacts()
      useConversationsStore.getState().setContacts(contacts)
      setStatus(`Contacts are up to date (${formatCount(contacts.length)}).`)
    } catch (error) {
      setStatus(errorText(error, 'The contacts could not be fetched. Linq keeps the saved ones.'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="form-actions form-actions--start">
      <span className="field-help">{formatCount(count)} contacts from Linq.</span>
      <Button busy={busy} onClick={() => void refresh()}>
        Refresh contacts
      </Button>
      <span className="field-help" role="status">
        {status}
      </span>
    </div>
  )
}
