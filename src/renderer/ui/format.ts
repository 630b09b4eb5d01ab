// Time and number formatting (sizes: src/shared/format-bytes.ts). Formatters are built once: constructing
// Intl objects per row would dominate the cost of rendering a thread.
import { formatPhone, phoneDigits, type RegionCode } from '../../shared/phone'

const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })
const weekdayShort = new Intl.DateTimeFormat(undefined, { weekday: 'short' })
const weekdayLong = new Intl.DateTimeFormat(undefined, { weekday: 'long' })
const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const monthDayLong = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' })
const fullDate = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', day: 'numeric' })
const numericDate = new Intl.DateTimeFormat(undefined, { year: '2-digit', month: 'numeric', day: 'numeric' })
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })
const integer = new Intl.NumberFormat()

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** A local calendar day as one comparable number (yyyymmdd). */
export function dayNumber(ms: number): number {
  const d = new Date(ms)
  return d.getFullYear() * 10_000 + (d.getMonth() + 1) * 100 + d.getDate()
}

function daysBetween(earlierMs: number, laterMs: number): number {
  const a = new Date(earlierMs)
  const b = new Date(laterMs)
  const startA = new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime()
  const startB = new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime()
  return Math.round((startB - startA) / (24 * HOUR))
}

/** Chat-list time: "now", "5 min", "9:41 AM", "Yesterday", "Tue", "Mar 14", "3/14/24". */
export function formatRelativeTime(iso: string, now: number): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  const age = now - t
  if (age < MINUTE) return 'now'
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`
  const days = daysBetween(t, now)
  if (days <= 0) return clock.format(t)
  if (days === 1) return 'Yesterday'
  if (days < 7) return weekdayShort.format(t)
  if (new Date(t).getFullYear() === new Date(now).getFullYear()) return monthDay.format(t)
  return numericDate.format(t)
}

/** Date separator in a thread: "Today", "Yesterday", "Tuesday", "Friday, March 14", "March 14, 2024". */
export function formatDayLabel(ms: number, now: number): string {
  const days = daysBetween(ms, now)
  if (days === 0) return 'Today'
  if (days === 1) return 'Yesterday'
  if (days > 1 && days < 7) return weekdayLong.format(ms)
  if (new Date(ms).getFullYear() === new Date(now).getFullYear()) return monthDayLong.format(ms)
  return fullDate.format(ms)
}

export function formatClock(ms: number): string {
  return clock.format(ms)
}

export function formatDateTime(ms: number): string {
  return dateTime.format(ms)
}

export function formatCount(n: number): string {
  return integer.format(n)
}

/**
 * A handle as people read it (src/shared/phone.ts): numbers of the user's country in national format, others
 * international; emails as they are.
 */
export function formatHandle(handle: string): string {
  return formatPhone(handle, handleRegion)
}

// Set by the phone-region store (state/phone-region.ts): formatting stays a plain function every row can call.
let handleRegion: RegionCode = 'US'
export function setHandleRegion(region: RegionCode): void {
  handleRegion = region
}

// Conversations: names from the workspace's contacts, by a number's digits (state/conversations.ts sets it).
let contactNames: ReadonlyMap<string, string> = new Map()
export function setContactNames(names: ReadonlyMap<string, string>): void {
  contactNames = names
}

/** Who a handle is: the contact's name when there is one, else the handle formatted. */
export function handleName(handle: string): string {
  return contactNames.get(phoneDigits(handle)) ?? formatHandle(handle)
}

/** The contact's name for a handle, or null. */
export function contactName(handle: string): string | null {
  const digits = phoneDigits(handle)
  return digits ? (contactNames.get(digits) ?? null) : null
}
