// The bench's table and its comparison with an earlier run (the numbers are made up; no timing here).
import { describe, expect, it } from 'vitest'
import { formatComparison, formatTable, parseReport, type BenchReport } from '../../../bench/report'
import { atMostRow, ratioRow } from '../../../bench/types'

const report = (rows: BenchReport['rows']): BenchReport => ({
  when: '2026-12-03T12:00:00.000Z',
  machine: { cpus: 2, loadAverage: [1, 1, 1] },
  rows,
})

describe('bench rows and report', () => {
  it('judges a timing as a ratio to its floor, and a count against its ceiling', () => {
    expect(ratioRow({ name: 'open', value: 22, floor: 20, unit: 'ms', max: 1.1 })).toMatchObject({
      ratio: 1.1,
      target: '≤ 1.1× floor',
      met: true,
    })
    expect(ratioRow({ name: 'open', value: 23, floor: 20, unit: 'ms', max: 1.1 }).met).toBe(false)
    expect(atMostRow({ name: 'bytes', value: 65, unit: 'KB', max: 64, floor: 0.5 })).toMatchObject({
      ratio: 130,
      target: '≤ 64 KB',
      met: false,
    })
  })

  it('prints every row with value, floor, ratio, target and whether it was met', () => {
    const table = formatTable([
      ratioRow({ name: 'first open', value: 30, floor: 20, unit: 'ms', max: 1.25, detail: 'five opens' }),
      { name: 'untargeted', value: 3.14159, unit: 'ms' },
    ])
    const lines = table.split('\n')
    expect(lines[0]).toMatch(/value\s+floor\s+ratio\s+target\s+met\s+measure/)
    expect(lines[1]).toMatch(/30 ms\s+20 ms\s+1\.5×\s+≤ 1\.25× floor\s+NO\s+first open$/)
    expect(lines[2]).toMatch(/^\s+five opens$/)
    expect(lines[3]).toMatch(/3\.14 ms\s+untargeted$/)
  })

  it('compares with an earlier run line by line, naming rows new, gone and flipped', () => {
    const before = report([
      { ...ratioRow({ name: 'open', value: 20, floor: 20, unit: 'ms', max: 1.1 }), section: 'r' },
      { name: 'old row', value: 1, unit: 'ms', section: 'r' },
    ])
    const now = report([
      { ...ratioRow({ name: 'open', value: 30, floor: 20, unit: 'ms', max: 1.1 }), section: 'r' },
      { name: 'new row', value: 2, unit: 'KB', section: 'c' },
    ])
    expect(formatComparison(before, now).split('\n')).toEqual([
      'open: 20 → 30 ms (+50%); ratio 1× → 1.5× (+50%) [now MISSED]',
      'new      new row: 2 KB',
      'gone     old row',
    ])
    expect(parseReport(JSON.stringify(now), 'x.json').rows).toHaveLength(2)
    expect(() => parseReport('{}', 'x.json')).toThrow(/x.json is not a bench report/)
  })
})
