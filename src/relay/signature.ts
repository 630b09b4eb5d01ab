// X-Webhook-Signature: `sha256=<hex HMAC-SHA256 of the raw body keyed with the subscription secret>`. Checked
// over the exact bytes received (re-serialising the JSON would change them) and compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto'

const HEADER = /^sha256=([0-9a-f]{64})$/

export function verifySignature(secret: string, rawBody: Uint8Array, header: string | undefined): boolean {
  const match = header === undefined ? null : HEADER.exec(header.trim().toLowerCase())
  if (!match) return false
  const expected = createHmac('sha256', secret).update(rawBody).digest()
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'))
}
