// What the user should hear about from main (a damaged file set aside at start, a background failure).
// A notice is kept until a window takes it: one raised during start, before any window is listening, is
// not lost. Every notice is also announced as a `notice` event; a window that hears one takes the pending
// list (which includes it), and a window that opens later takes what is still waiting.
import type { Notice } from '../../shared/domain'
import type { EventHub } from './events'
import type { DamageReport } from './persist/documents'

/** Enough for a bad start; older ones go first. */
const MAX_PENDING = 20

export function createNotices(events: EventHub) {
  let pending: Notice[] = []
  let nextId = 1
  return {
    add(level: Notice['level'], message: string): Notice {
      const notice = { id: nextId++, level, message }
      pending = [...pending, notice].slice(-MAX_PENDING)
      events.emit('notice', notice)
      return notice
    },
    /** The notices no window has taken yet, oldest first; each is handed out once. */
    take(): Notice[] {
      const taken = pending
      pending = []
      return taken
    },
  }
}

export type Notices = ReturnType<typeof createNotices>

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`)
const KEPT = 'The damaged data was kept in the app’s data folder.'

/** What to tell the user about something saved that could not be restored. */
export function damageNotice(report: DamageReport): Pick<Notice, 'level' | 'message'> {
  const { entries, whole } = report
  switch (report.document) {
    case 'outbox':
      return {
        level: 'error',
        message: whole
          ? `Unsent messages could not be restored: the outbox file was damaged. ${KEPT}`
          : `${plural(entries, 'unsent message', 'unsent messages')} could not be restored. ${KEPT}`,
      }
    case 'drafts':
      return {
        level: 'error',
        message: whole
          ? `Drafts could not be restored: the drafts file was damaged. ${KEPT}`
          : `${plural(entries, 'draft', 'drafts')} could not be restored. ${KEPT}`,
      }
    case 'settings':
      return whole
        ? {
            level: 'error',
            message: `The app’s settings file was damaged, so the defaults are used. Sign in again to reopen your workspace: its messages are still on this computer. ${KEPT}`,
          }
        : { level: 'info', message: 'Your settings could not be read, so the defaults are used.' }
    case 'workspace':
      return { level: 'info', message: 'The last workspace could not be reopened. Sign in again.' }
    case 'cache':
      return {
        level: 'info',
        message: 'Part of the offline copy of your chats was damaged; it is being downloaded again.',
      }
    case 'cache-index':
      return whole
        ? {
            level: 'error',
            message: `The offline list of your chats was damaged: it is being downloaded again, and drafts in it could not be restored. ${KEPT}`,
          }
        : {
            level: 'info',
            message: 'Part of the offline copy of your chats was damaged; it is being downloaded again.',
          }
    case 'window':
      return { level: 'info', message: 'The window’s size and position could not be restored.' }
    case 'mutes':
      return {
        level: 'info',
        message: whole
          ? 'The list of muted chats could not be read, so every chat notifies again.'
          : `${plural(entries, 'muted chat', 'muted chats')} could not be restored and notify again.`,
      }
    case 'new-chats':
      return {
        level: 'error',
        message: whole
          ? `New chats waiting to be created could not be restored: the file was damaged. ${KEPT}`
          : `${plural(entries, 'new chat', 'new chats')} waiting to be created could not be restored. ${KEPT}`,
      }
    case 'contacts':
      return {
        level: 'info',
        message: 'The saved contacts could not be read; they are being downloaded again.',
      }
    case 'relay-applied':
      return {
        level: 'info',
        message: 'The team relay’s record of recent changes could not be read; they are checked again.',
      }
  }
}
