// Node twins of the system notifier and badge: the web bridge (which has no system notifications) and tests
// use them, and tests read what the app asked for.
import type { Badge, NotificationContent, Notifier } from './types'

export function createRecordingNotifier() {
  const shown: NotificationContent[] = []
  const open = new Map<string, { content: NotificationContent; onClick: () => void }>()
  const notifier: Notifier & {
    shown: NotificationContent[]
    open: typeof open
    click(tag: string): void
  } = {
    shown,
    open,
    isSupported: () => true,
    show(content, onClick) {
      shown.push(content)
      open.set(content.tag, { content, onClick })
      return { close: () => void open.delete(content.tag) }
    },
    click(tag) {
      const entry = open.get(tag)
      if (!entry) throw new Error(`No open notification ${tag}`)
      open.delete(tag)
      entry.onClick()
    },
  }
  return notifier
}

export function createRecordingBadge() {
  const history: number[] = []
  const badge: Badge & { history: number[]; readonly count: number } = {
    history,
    get count() {
      return history.at(-1) ?? 0
    },
    set(count) {
      history.push(count)
    },
  }
  return badge
}
