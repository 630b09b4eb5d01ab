// The bench's output: a table of every row (value, floor, ratio, target, met), the JSON file it is kept in,
// and the change per row against an earlier run's JSON (`--compare old.json`).
import type { BenchRow } from './types'

export interface BenchReport {
  when: string
  machine: { cpus: number; loadAverage: number[] }
  rows: (BenchRow & { section: string })[]
}

const num = (value: number | undefined) =>
  value === undefined ? '' : Math.abs(value) >= 1000 ? value.toFixed(0) : String(Number(value.toPrecision(3)))
const verdict = (met: boolean | undefined) => (met === undefined ? '' : met ? 'yes' : 'NO')

/** The rows as an aligned text table (one line per row, details indented under it). */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['measure', 'value', 'floor', 'ratio', 'target', 'met']
  const cells = rows.map((r) => [
    r.name,
    `${num(r.value)} ${r.unit}`,
    r.floor === undefined ? '' : `${num(r.floor)} ${r.unit}`,
    r.ratio === undefined ? '' : `${num(r.ratio)}×`,
    r.target ?? '',
    verdict(r.met),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 0 ? 0 : c[i]!.length))))
  const line = (c: string[]) =>
    c
      .slice(1)
      .map((cell, i) => cell.padStart(widths[i + 1]!))
      .join('  ')
  const out = [`${line(header)}  ${header[0]}`]
  rows.forEach((row, i) => {
    out.push(`${line(cells[i]!)}  ${row.name}`)
    if (row.detail) out.push(`${' '.repeat(line(cells[i]!).length + 2)}${row.detail}`)
  })
  return out.join('\n')
}

const change = (before: number, after: number) =>
  before === 0 ? '' : ` (${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(0)}%)`

/** One line per row of `now`: its value (and ratio) then and now; rows new or gone are said so. */
export function formatComparison(before: BenchReport, now: BenchReport): string {
  const old = new Map(before.rows.map((r) => [r.name, r]))
  const lines = now.rows.map((row) => {
    const was = old.get(row.name)
    old.delete(row.name)
    if (!was) return `new      ${row.name}: ${num(row.value)} ${row.unit}`
    const ratio =
      was.ratio !== undefined && row.ratio !== undefined
        ? `; ratio ${num(was.ratio)}× → ${num(row.ratio)}×${change(was.ratio, row.ratio)}`
        : ''
    const flip =
      was.met !== row.met && row.met !== undefined ? (row.met ? ' [now met]' : ' [now MISSED]') : ''
    return `${row.name}: ${num(was.value)} → ${num(row.value)} ${row.unit}${change(was.value, row.value)}${ratio}${flip}`
  })
  for (const gone of old.values()) lines.push(`gone     ${gone.name}`)
  return lines.join('\n')
}

/** Reads a report written by an earlier run; throws a plain message when it is not one. */
export function parseReport(text: string, from: string): BenchReport {
  const parsed = JSON.parse(text) as Partial<BenchReport>
  if (!Array.isArray(parsed.rows)) throw new Error(`${from} is not a bench report (no rows)`)
  return parsed as BenchReport
}
