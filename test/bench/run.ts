// npm run bench [name-filter]: runs every test/bench/*.bench.ts in turn and prints its results. Benchmarks
// report; they do not fail the build (machines are noisy), but the exit code says whether targets were met.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Bench, BenchResult } from './types'

const filter = process.argv[2]
const dir = import.meta.dirname
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort()

const rows: (BenchResult & { file: string })[] = []
for (const file of files) {
  process.stdout.write(`\n▶ ${file}\n`)
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench }
  for (const result of await mod.default()) {
    rows.push({ ...result, file })
    const verdict = result.pass === undefined ? '' : result.pass ? '  ✓ target met' : '  ✗ target missed'
    process.stdout.write(
      `  ${result.name}: ${Number(result.value.toPrecision(4))} ${result.unit}` +
        `${result.target ? ` (target ${result.target})` : ''}${verdict}${result.detail ? `\n    ${result.detail}` : ''}\n`,
    )
  }
}
const missed = rows.filter((r) => r.pass === false)
process.stdout.write(
  `\n${rows.length} measurements, ${rows.length - missed.length} met or untargeted, ${missed.length} missed\n`,
)
process.exit(missed.length ? 1 : 0)
