// What the built app ships (after `npm run build`, which `npm run bench` runs first): the renderer's script
// gzipped, target ≤ 200 kB, and the preload raw, target ≤ 10 kB (a sandboxed preload is parsed before the
// page's first script runs, in every window). Sizes do not depend on the machine's load.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { atMostRow, type BenchRow } from './types'

const scripts = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.[cm]?js$/.test(f))
    : []

export default async function bench(): Promise<BenchRow[]> {
  const renderer = join('out', 'renderer', 'assets')
  const preload = join('out', 'preload')
  if (scripts(renderer).length === 0 || scripts(preload).length === 0) {
    throw new Error('Build the app first (npm run build): this section measures the built bundles.')
  }
  const size = (dir: string, file: string, zip: boolean) => {
    const bytes = readFileSync(join(dir, file))
    return (zip ? gzipSync(bytes, { level: 9 }) : bytes).length / 1000
  }
  const rendererFiles = scripts(renderer).map((f) => ({ f, kb: size(renderer, f, true) }))
  const preloadKb = scripts(preload).reduce((sum, f) => sum + size(preload, f, false), 0)
  return [
    atMostRow({
      name: 'bundles: renderer JavaScript, gzip (all chunks)',
      value: rendererFiles.reduce((sum, file) => sum + file.kb, 0),
      unit: 'kB',
      max: 200,
      detail: rendererFiles.map(({ f, kb }) => `${f} ${kb.toFixed(1)} kB`).join(', '),
    }),
    atMostRow({
      name: 'bundles: preload (out/preload), raw',
      value: preloadKb,
      unit: 'kB',
      max: 10,
      detail: `gzip ${scripts(preload)
        .reduce((sum, f) => sum + size(preload, f, true), 0)
        .toFixed(1)} kB`,
    }),
  ]
}
