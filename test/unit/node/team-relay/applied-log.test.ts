// The applied-events log on real files: kept across a restart, bounded, and read back through its schema.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { confEngine } from '../../../../src/main/services/cache/engine'
import type { DamageReport } from '../../../../src/main/services/persist/documents'
import { APPLIED_KEPT, openAppliedLog } from '../../../../src/main/services/team-relay/applied-log'
import { quietLogger } from '../relay/helpers'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))
function open(dir: string, damage: DamageReport[] = []) {
  return openAppliedLog({ dir, engine: confEngine, logger: quietLogger(), onDamage: (r) => damage.push(r) })
}
function freshDir() {
  const dir = mkdtempSync(join(tmpdir(), 'linq-applied-'))
  dirs.push(dir)
  return dir
}

describe('the applied-events log', () => {
  it('remembers the newest ids across a restart, and no more than it keeps', () => {
    const dir = freshDir()
    const log = open(dir)
    for (let i = 0; i < APPLIED_KEPT + 5; i++) log.add(`evt-${i}`)
    const again = open(dir)
    expect(again.has(`evt-${APPLIED_KEPT + 4}`)).toBe(true)
    expect(again.has('evt-5')).toBe(true)
    expect(again.has('evt-4')).toBe(false)
  })

  it('sets a bad entry aside and keeps the rest; a damaged file is moved aside and starts empty', () => {
    const dir = freshDir()
    const damage: DamageReport[] = []
    writeFileSync(
      join(dir, 'relay-applied.json'),
      JSON.stringify({ schemaVersion: 1, eventIds: ['ok-1', 42, 'two words'] }),
    )
    const log = open(dir, damage)
    expect(log.has('ok-1')).toBe(true)
    expect(damage).toEqual([expect.objectContaining({ document: 'relay-applied', entries: 2, whole: false })])
    writeFileSync(join(dir, 'relay-applied.json'), '{"schemaVersion": 1, "eventIds": [')
    const fresh = open(dir, damage)
    expect(fresh.has('ok-1')).toBe(false)
    expect(damage.at(-1)).toMatchObject({ document: 'relay-applied', whole: true })
    expect(readdirSync(dir).some((name) => name.startsWith('relay-applied.json.corrupt-'))).toBe(true)
  })
})
