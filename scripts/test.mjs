#!/usr/bin/env node
// `npm test`: every check CI runs, each printing its own summary, then one closing line with the totals. Unit
// tests run inside a private D-Bus session with an unlocked gnome-keyring (scripts/with-keyring.sh) so the vault
// is tested against a real Secret Service. Checks that time nothing (typecheck, lint, formatting; packaging and
// the security scan) run side by side, their output shown whole as each ends; the unit and end-to-end tests,
// whose waits are timed, each run alone.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

mkdirSync('test-results', { recursive: true })
for (const stale of ['vitest.json', 'vitest-built.json', 'playwright.json', 'playwright-electron.json'])
  rmSync(`test-results/${stale}`, { force: true })
const steps = []
let failed = false

function run(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${[command, ...args].join(' ')}\n`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = result.status === 0
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) })
  if (!ok) failed = true
  return ok
}

/** Runs the steps at the same time; each one's output is printed in one piece when it ends. */
async function runTogether(list) {
  const results = await Promise.all(
    list.map(
      ([name, command, args]) =>
        new Promise((resolve) => {
          const started = Date.now()
          const output = []
          const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
          child.stdout.on('data', (chunk) => output.push(chunk))
          child.stderr.on('data', (chunk) => output.push(chunk))
          let ended = false
          const end = (ok) => {
            if (ended) return // 'error' (it could not start) is followed by 'close'
            ended = true
            process.stdout.write(`\n=== ${name}: ${[command, ...args].join(' ')}\n`)
            process.stdout.write(Buffer.concat(output))
            resolve({ name, ok, seconds: Math.round((Date.now() - started) / 1000) })
          }
          child.on('error', (error) => {
            output.push(Buffer.from(`${error.message}\n`))
            end(false)
          })
          child.on('close', (code) => end(code === 0))
        }),
    ),
  )
  for (const result of results) {
    steps.push(result)
    if (!result.ok) failed = true
  }
  return results.every((r) => r.ok)
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

const npx = 'npx'
await runTogether([
  ['typecheck', npx, ['tsc', '-b', 'tsconfig.json', '--noEmit']],
  ['eslint', npx, ['eslint', '.', '--max-warnings', '0']],
  ['prettier', npx, ['prettier', '--check', '.', '--log-level', 'warn']],
])
run('unit tests (vitest)', 'bash', [
  'scripts/with-keyring.sh',
  npx,
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
])
const built = run('build (electron-vite + web bridge)', 'npm', ['run', 'build', '--silent'])
if (built) {
  await runTogether([
    [
      'packaging (electron-builder on the build)',
      npx,
      [
        'vitest',
        'run',
        '--config',
        'vitest.built.config.ts',
        '--reporter=default',
        '--reporter=json',
        '--outputFile.json=test-results/vitest-built.json',
      ],
    ],
    ['security (electronegativity)', 'node', ['scripts/electronegativity.mjs']],
  ])
  run('end-to-end tests (Playwright, Chromium)', npx, ['playwright', 'test'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
  })
  run('Electron tests (Playwright _electron)', npx, [
    'playwright',
    'test',
    '--config',
    'playwright.electron.config.ts',
  ])
}

// Totals across the runners that report tests.
let passed = 0
let failedTests = 0
let skipped = 0
for (const file of ['test-results/vitest.json', 'test-results/vitest-built.json']) {
  const vitest = readJson(file)
  if (vitest) {
    passed += vitest.numPassedTests ?? 0
    failedTests += vitest.numFailedTests ?? 0
    skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0)
  }
}
for (const file of ['test-results/playwright.json', 'test-results/playwright-electron.json']) {
  const report = existsSync(file) ? readJson(file) : null
  if (report?.stats) {
    passed += report.stats.expected ?? 0
    failedTests += (report.stats.unexpected ?? 0) + (report.stats.flaky ?? 0)
    skipped += report.stats.skipped ?? 0
  }
}

process.stdout.write('\n=== summary\n')
for (const step of steps)
  process.stdout.write(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds}s)\n`)
if (failed && failedTests === 0) failedTests = steps.filter((s) => !s.ok).length
process.stdout.write(`${passed} passed, ${failedTests} failed, ${skipped} skipped\n`)
process.exit(failed ? 1 : 0)
