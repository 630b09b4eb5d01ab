// window-state.json read back after each kind of damage: the window opens at the default size (never
// fails to open), the damaged file is kept beside it, and the user hears about it once.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confEngine } from '../../../../src/main/services/cache/engine'
import { createLogger } from '../../../../src/main/services/log'
import type { DamageReport } from '../../../../src/main/services/persist/documents'
import { DEFAULT_WINDOW_SIZE, isVisibleOn, openWindowState } from '../../../../src/main/services/window-state'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-window-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const display = { x: 0, y: 0, width: 1920, height: 1080 }
const saved = { x: 100, y: 80, width: 1200, height: 800 }

function open() {
  const damage: DamageReport[] = []
  const state = openWindowState({
    engine: confEngine,
    dir,
    logger: createLogger({ console: false }),
    onDamage: (r) => damage.push(r),
  })
  return { state, damage }
}

describe('window state', () => {
  it('restores what was saved, keeps it only while it is on a display, and starts at the default size', () => {
    const first = open()
    expect(first.state.initialBounds([display])).toEqual(DEFAULT_WINDOW_SIZE)
    first.state.save({ bounds: saved, maximized: false })
    first.state.save({ maximized: true })
    const again = open()
    expect(again.damage).toEqual([])
    expect(again.state.initialBounds([display])).toEqual(saved)
    expect(again.state.wasMaximized()).toBe(true)
    // The monitor it was on is gone: back to the default, on the screen.
    expect(again.state.initialBounds([{ x: 5000, y: 0, width: 800, height: 600 }])).toEqual(
      DEFAULT_WINDOW_SIZE,
    )
    expect(isVisibleOn({ x: -1199, y: 0, width: 1200, height: 10 }, [display])).toBe(true)
    expect(isVisibleOn({ x: -1200, y: 0, width: 1200, height: 10 }, [display])).toBe(false)
  })

  it('an unversioned file from electron-store (earlier builds) is read as it is', async () => {
    await writeFile(join(dir, 'window-state.json'), JSON.stringify({ bounds: saved, maximized: false }))
    const { state, damage } = open()
    expect(damage).toEqual([])
    expect(state.initialBounds([display])).toEqual(saved)
  })

  const whole: [string, string | Buffer][] = [
    ['truncated', JSON.stringify({ schemaVersion: 1, bounds: saved }).slice(0, 25)],
    ['random bytes', randomBytes(300)],
    ['empty', ''],
    ['a newer version', JSON.stringify({ schemaVersion: 5, bounds: saved, maximized: false })],
  ]
  for (const [kind, content] of whole) {
    it(`${kind}: the default size, the file moved aside, one report`, async () => {
      await writeFile(join(dir, 'window-state.json'), content)
      const { state, damage } = open()
      expect(state.initialBounds([display])).toEqual(DEFAULT_WINDOW_SIZE)
      expect(state.wasMaximized()).toBe(false)
      expect(damage).toEqual([{ document: 'window', entries: 0, whole: true, aside: expect.any(String) }])
      expect(readFileSync(damage[0]!.aside!)).toEqual(Buffer.from(content))
    })
  }

  it('wrong types (NaN-ish sizes, a string for maximized): the default size, the values kept aside', async () => {
    const bad = { schemaVersion: 1, bounds: { x: 'left', y: 0, width: -5, height: 1e12 }, maximized: 'yes' }
    await writeFile(join(dir, 'window-state.json'), JSON.stringify(bad))
    const { state, damage } = open()
    expect(state.initialBounds([display])).toEqual(DEFAULT_WINDOW_SIZE)
    expect(damage).toEqual([{ document: 'window', entries: 1, whole: false, aside: expect.any(String) }])
    const aside = readdirSync(dir).find((f) => f.includes('.rejected-'))!
    expect(JSON.parse(readFileSync(join(dir, aside), 'utf8'))).toEqual([
      { bounds: bad.bounds, maximized: 'yes' },
    ])
    // Saving again works and is read back.
    state.save({ bounds: saved, maximized: false })
    expect(open().state.initialBounds([display])).toEqual(saved)
  })
})
