// The fast first check of stored entries (persist/precheck.ts) may only ever say "zod takes this as it is":
// whatever it accepts, zod must accept too and hand back an equal value. Checked on real values and on
// many damaged ones (a field replaced by any JSON value, removed, or an unknown key added).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { passesAsIs } from '../../../../src/main/services/persist/precheck'
import {
  chatMetaSchema,
  chatSchema,
  messageSchema,
  phoneNumberSchema,
  settingsSchema,
} from '../../../../src/main/services/persist/schemas'
import { DEFAULT_SETTINGS } from '../../../../src/shared/domain'
import { testChat, testMessage } from '../../../support/cache-files'

const chat = testChat('7', {
  lastMessage: { text: 'hi', isFromMe: true, sentAt: '2026-01-01T00:00:00.000Z', attachmentSummary: null },
  unreadCount: 3,
})
const message = testMessage('7', 1, {
  unread: true,
  attachments: [
    {
      id: 'a',
      filename: 'a.png',
      mimeType: 'image/png',
      sizeBytes: 10,
      src: 'x',
      remoteUrl: null,
      width: 4,
      height: 3,
    },
  ],
  reactions: [
    { id: 'r', type: 'love', isFromMe: false, from: '+15551230000', sentAt: '2026-01-01T00:00:00Z' },
  ],
})
const samples: [string, z.ZodType, object][] = [
  ['chat', chatSchema, chat],
  ['message', messageSchema, message],
  ['sync state', chatMetaSchema, { syncedCount: 4, hasOlder: false }],
  ['phone number', phoneNumberSchema, { id: 'p', number: '+15550000001', forwardingNumber: null }],
]

/** Every path to a value inside `value` (objects' keys and arrays' indexes). */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at]
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)
  return [at, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...at, k]))]
}

/** A copy of `value` with the thing at `path` replaced, removed (`remove`) or given an unknown key. */
function damage(
  value: unknown,
  path: (string | number)[],
  change: 'replace' | 'remove' | 'add',
  by: unknown,
) {
  const copy = structuredClone(value) as Record<string | number, unknown>
  if (path.length === 0) return change === 'replace' ? by : copy
  let parent = copy
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  const last = path.at(-1)!
  if (change === 'replace') parent[last] = by
  else if (change === 'remove') delete parent[last]
  else if (typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last]))
    (parent[last] as Record<string, unknown>).unknownKey = by
  return copy
}

describe('the fast check of stored entries', () => {
  it.each(samples)('takes a well-formed %s as it is', (_, schema, value) => {
    expect(schema.safeParse(value).success).toBe(true)
    expect(passesAsIs(schema, value)).toBe(true)
  })

  it.each(samples)('never takes a damaged %s that zod would refuse or change', (_, schema, value) => {
    fc.assert(
      fc.property(
        fc.constantFrom(...paths(value)),
        fc.constantFrom('replace' as const, 'remove' as const, 'add' as const),
        fc.oneof(fc.jsonValue(), fc.integer(), fc.double(), fc.string({ maxLength: 300 })),
        (path, change, by) => {
          const damaged = damage(value, path, change, by)
          if (!passesAsIs(schema, damaged)) return
          const parsed = schema.safeParse(damaged)
          expect(parsed.success).toBe(true)
          expect(parsed.data).toStrictEqual(damaged)
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('refuses what zod would change or reject, leaving the verdict to zod', () => {
    expect(passesAsIs(chatSchema, { ...chat, extra: 1 })).toBe(false)
    expect(chatSchema.safeParse({ ...chat, extra: 1 }).success).toBe(true)
    expect(passesAsIs(chatSchema, { ...chat, unreadCount: -1 })).toBe(false)
    expect(passesAsIs(chatSchema, { ...chat, messageCount: 1.5 })).toBe(false)
    expect(passesAsIs(chatSchema, { ...chat, id: '' })).toBe(false)
    expect(passesAsIs(chatSchema, { ...chat, service: 'Fax' })).toBe(false)
    expect(passesAsIs(messageSchema, { ...message, unread: undefined })).toBe(true)
  })

  it('leaves schemas with checks it does not know (a URL, a refinement) to zod alone', () => {
    const settings = DEFAULT_SETTINGS
    expect(settingsSchema.safeParse(settings).success).toBe(true)
    expect(passesAsIs(settingsSchema, settings)).toBe(false)
  })
})
