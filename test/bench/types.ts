// One line of `npm run bench`, and the helpers that make one. Every section (a module under test/bench/ that
// run.ts lists) returns rows of this shape. A timing is judged against a floor measured in the same run on
// the same machine (value / floor = ratio), since this machine's speed moves with its neighbours' load; a
// count (bytes, frames) may carry an absolute target instead.

export interface BenchRow {
  name: string
  value: number
  unit: string
  /** The baseline measured in the same run, in `unit`: what nothing can beat on this machine now. */
  floor?: number
  /** value / floor (or the section's own ratio when a row has no floor, e.g. "× faster"). */
  ratio?: number
  /** The goal in words, e.g. "≤ 1.1× floor" or "≤ 64 KB". */
  target?: string
  /** Whether the target was met; absent when the row has none. */
  met?: boolean
  detail?: string
}

/** A section of the bench: measures, then returns its rows. */
export type Bench = () => Promise<BenchRow[]>

/** A row judged as value / floor ≤ `max`. */
export function ratioRow(row: {
  name: string
  value: number
  floor: number
  unit: string
  max: number
  detail?: string
}): BenchRow {
  const ratio = row.value / row.floor
  return {
    name: row.name,
    value: row.value,
    unit: row.unit,
    floor: row.floor,
    ratio,
    target: `≤ ${row.max}× floor`,
    met: ratio <= row.max,
    detail: row.detail,
  }
}

/** A row with an absolute ceiling (for counts such as bytes, where the machine's load changes nothing). */
export function atMostRow(row: {
  name: string
  value: number
  unit: string
  max: number
  target?: string
  floor?: number
  detail?: string
}): BenchRow {
  return {
    name: row.name,
    value: row.value,
    unit: row.unit,
    floor: row.floor,
    ratio: row.floor ? row.value / row.floor : undefined,
    target: row.target ?? `≤ ${row.max} ${row.unit}`,
    met: row.value <= row.max,
    detail: row.detail,
  }
}
