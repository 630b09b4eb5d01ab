// npm run bench [-- <name-filter>] [--compare old.json] [--out file.json]: runs each section below in turn,
// prints its rows as they come and then one table (value, floor, ratio, target, met), writes the table to
// test-results/bench.json, and with --compare prints each row's change against that earlier run. Benchmarks
// report; they are never part of `npm test`. The exit code is 1 when a target was missed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { formatComparison, formatTable, parseReport, type BenchReport } from './report'
import type { Bench } from './types'

/** Each section once, in this order. Another section: a module under test/bench/ and one line here. */
const sections: [string, () => Promise<{ default: Bench }>][] = [
  ['cache', () => import('./cache.bench')],
  ['cold-start', () => import('./cold-start.bench')],
  ['linq-api', () => import('./linq-api.bench')],
  ['sandbox', () => import('./sandbox.bench')],
  ['bundles', () => import('./bundles.bench')],
  ['renderer', () => import('./renderer.bench')],
  ['team-relay', () => import('./team-relay.bench')],
  ['search', () => import('./search.bench')],
]

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { compare: { type: 'string' }, out: { type: 'string', default: 'test-results/bench.json' } },
})
const filter = positionals[0]
const previous = values.compare ? parseReport(readFileSync(values.compare, 'utf8'), values.compare) : null

const report: BenchReport = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, loadAverage: loadavg() },
  rows: [],
}
for (const [section, load] of sections) {
  if (filter && !section.includes(filter)) continue
  process.stdout.write(`\n▶ ${section}\n`)
  const rows = await (await load()).default()
  process.stdout.write(formatTable(rows) + '\n')
  report.rows.push(...rows.map((row) => ({ ...row, section })))
}

const missed = report.rows.filter((r) => r.met === false)
process.stdout.write(`\n${'═'.repeat(100)}\n${formatTable(report.rows)}\n`)
process.stdout.write(
  `\n${report.rows.length} measurements, ${missed.length} missed; load average ` +
    `${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} on ${cpus().length} CPUs (the host's other work moves timings; floors move with it)\n`,
)
mkdirSync(dirname(values.out), { recursive: true })
writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n')
process.stdout.write(`written to ${values.out}\n`)
if (previous)
  process.stdout.write(`\nchange since ${previous.when}:\n${formatComparison(previous, report)}\n`)
process.exit(missed.length ? 1 : 0)
