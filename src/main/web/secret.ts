// The web bridge's per-run secret, compared in constant time wherever it is presented.
import { timingSafeEqual } from 'node:crypto'

export function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}
