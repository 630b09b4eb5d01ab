#!/usr/bin/env node
// `npm run gen:icons`: the app icon's PNG sizes, rendered from its one source, resources/icon.svg, into
// resources/icons/<n>x<n>.png (the names electron-builder reads for Linux). The PNGs are committed; a unit
// test fails when they are not exactly what this renders.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'

export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024]
export const resourcesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')

/** Each size's PNG bytes, rendered from the SVG source. */
export function renderIcons(svg = readFileSync(join(resourcesDir, 'icon.svg'))) {
  return new Map(
    ICON_SIZES.map((size) => [
      size,
      new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng(),
    ]),
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(join(resourcesDir, 'icons'), { recursive: true })
  for (const [size, png] of renderIcons()) {
    writeFileSync(join(resourcesDir, 'icons', `${size}x${size}.png`), png)
    process.stdout.write(`resources/icons/${size}x${size}.png (${png.length} bytes)\n`)
  }
}
