// What the built app ships (after `npm run build`, which `npm run bench` runs first): the renderer's script
// gzipped and the preload raw, target ≤ 10 kB (a sandboxed preload is parsed before the page's first script
// runs, in every window). Sizes do not depend on the machine's load.
// The renderer's target, ≤ 200 kB, is for its initial JS: the chunks index.html loads and what they import
// statically, which every window parses before its first paint. Chunks loaded on first use (the phone
// metadata, the new-chat, contact and settings forms) are reported with all chunks, a size without a target.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { gzipSync } from 'node:zlib'
import { atMostRow, type BenchRow } from './types'

const scripts = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.[cm]?js$/.test(f))
    : []

/** The renderer's initial scripts, relative to `assets`: index.html's, then their static imports. */
function initialScripts(renderer: string, assets: string): string[] {
  const html = readFileSync(join(renderer, 'index.html'), 'utf8')
  const tags = /<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.\/assets\/([^"]+\.js)"/g
  const found = new Set([...html.matchAll(tags)].map((m) => m[1]!))
  // `import … from "./x.js"` and `import "./x.js"`, never `import("./x.js")`: those load on first use.
  const staticImport = /\bimport\s*(?:[\w$*{},\s]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g
  for (const file of found) {
    const code = readFileSync(join(assets, file), 'utf8')
    for (const m of code.matchAll(staticImport)) found.add(posix.join(posix.dirname(file), m[1]!))
  }
  if (found.size === 0) throw new Error(`${join(renderer, 'index.html')} loads no script`)
  return [...found]
}

export default async function bench(): Promise<BenchRow[]> {
  const renderer = join('out', 'renderer', 'assets')
  const html = dirname(renderer)
  const preload = join('out', 'preload')
  if (scripts(renderer).length === 0 || scripts(preload).length === 0) {
    throw new Error('Build the app first (npm run build): this section measures the built bundles.')
  }
  const size = (dir: string, file: string, zip: boolean) => {
    const bytes = readFileSync(join(dir, file))
    return (zip ? gzipSync(bytes, { level: 9 }) : bytes).length / 1000
  }
  const rendererFiles = scripts(renderer).map((f) => ({ f, kb: size(renderer, f, true) }))
  const initial = new Set(initialScripts(html, renderer))
  const initialFiles = rendererFiles.filter(({ f }) => initial.has(f.split('\\').join('/')))
  const total = (files: { kb: number }[]) => files.reduce((sum, file) => sum + file.kb, 0)
  const list = (files: { f: string; kb: number }[]) =>
    files.map(({ f, kb }) => `${f} ${kb.toFixed(1)} kB`).join(', ')
  const preloadKb = scripts(preload).reduce((sum, f) => sum + size(preload, f, false), 0)
  return [
    atMostRow({
      name: 'bundles: renderer initial JavaScript, gzip',
      value: total(initialFiles),
      unit: 'kB',
      max: 200,
      detail: list(initialFiles),
    }),
    {
      name: 'bundles: renderer JavaScript, gzip (all chunks, no target)',
      value: total(rendererFiles),
      unit: 'kB',
      detail: `on first use: ${list(rendererFiles.filter(({ f }) => !initial.has(f.split('\\').join('/'))))}`,
    },
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
