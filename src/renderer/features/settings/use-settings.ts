// The app's settings as the settings screen holds them: read once, changed through main. A switch moves at
// once and moves back if main refuses, with main's words for why.
import { useEffect, useState } from 'react'
import type { Settings } from '../../../shared/domain'
import { errorText, linq } from '../../linq'

export interface SettingsState {
  settings: Settings | null
  error: string | null
  change(patch: Partial<Settings>): Promise<boolean>
}

export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<Settings | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    linq()
      .getSettings()
      .then((s) => live && setSettings(s))
      .catch((err: unknown) => live && setError(errorText(err, 'Could not read the settings.')))
    return () => {
      live = false
    }
  }, [])

  const change = async (patch: Partial<Settings>): Promise<boolean> => {
    if (!settings) return false
    const before = settings
    setSettings({ ...settings, ...patch })
    setError(null)
    try {
      setSettings(await linq().updateSettings(patch))
      return true
    } catch (err) {
      setSettings(before)
      setError(errorText(err, 'The setting was not saved.'))
      return false
    }
  }

  return { settings, error, change }
}
