// Settings → Phone numbers: the country numbers typed without a +code belong to, and whose numbers are shown
// in their national format. "Automatic" follows the OS locale.
import { useId, useMemo } from 'react'
import { regionCodes, regionOfLocale } from '../../../shared/phone'
import { usePhoneRegionStore } from '../../state/phone-region'
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
    </section>
  )
}
