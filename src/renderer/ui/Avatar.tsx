import { GroupIcon } from './icons'

const PALETTE = 8

function hash(text: string): number {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0
  return Math.abs(h)
}

function initials(title: string): string {
  const words = title.match(/\p{L}+/gu)
  if (!words || words.length === 0) return '#'
  const first = words[0]!.charAt(0)
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : ''
  return (first + last).toUpperCase()
}

/** Decorative: the chat title next to it is the name. */
export function Avatar({
  seed,
  title,
  isGroup,
  size = 'md',
}: {
  seed: string
  title: string
  isGroup: boolean
  size?: 'sm' | 'md'
}) {
  return (
    <span className={`avatar avatar--${size} avatar--c${hash(seed) % PALETTE}`} aria-hidden="true">
      {isGroup ? <GroupIcon /> : initials(title)}
    </span>
  )
}
