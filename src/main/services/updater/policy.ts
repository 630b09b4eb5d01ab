// Whether the auto-updater may run, and from which feed. Pure, so every rule is tested.

export interface UpdaterFacts {
  /** An installed build (electron-updater cannot update an app run from source). */
  packaged: boolean
  /** The build carries its own feed: electron-builder wrote app-update.yml from LINQ_UPDATE_URL. */
  builtInFeed: boolean
  /** The feed the user (or their admin) named in settings. */
  settingsFeed: string | null
  /** The open workspace's kind, or null while signed out. */
  workspace: 'demo' | 'linq' | null
}

/** Off with the reason, or on with the feed: a URL from settings, or null for the build's own. */
export type UpdaterDecision = { run: false; reason: string } | { run: true; feed: string | null }

const off = (reason: string): UpdaterDecision => ({ run: false, reason })

export function decideUpdates(facts: UpdaterFacts): UpdaterDecision {
  if (!facts.packaged) return off('Updates come to installed builds; this one runs from source.')
  // The demo is for trying Linq without an account: nothing leaves the computer on its behalf.
  if (facts.workspace === 'demo') return off('No update checks while the demo workspace is open.')
  if (facts.settingsFeed !== null) {
    if (!URL.canParse(facts.settingsFeed) || new URL(facts.settingsFeed).protocol !== 'https:')
      return off('The update address in settings is not an https:// address.')
    return { run: true, feed: facts.settingsFeed }
  }
  if (facts.builtInFeed) return { run: true, feed: null }
  return off('No update feed is configured for this build.')
}
