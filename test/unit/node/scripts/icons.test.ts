// The committed app icons (resources/icons, for the page, the window, notifications and packaging) are exactly
// what `npm run gen:icons` renders from resources/icon.svg, at every size.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { ICON_SIZES, renderIcons, resourcesDir } from '../../../../scripts/gen-icons.mjs'

it('resources/icons holds each size rendered from resources/icon.svg (run npm run gen:icons)', () => {
  expect(ICON_SIZES).toEqual([16, 32, 48, 64, 128, 256, 512, 1024])
  for (const [size, rendered] of renderIcons()) {
    const committed = readFileSync(join(resourcesDir, 'icons', `${size}x${size}.png`))
    // A PNG's IHDR holds its width and height at bytes 16 and 20.
    expect([committed.readUInt32BE(16), committed.readUInt32BE(20)], `${size}x${size}.png`).toEqual([
      size,
      size,
    ])
    expect(committed.equals(rendered), `${size}x${size}.png is stale: run npm run gen:icons`).toBe(true)
  }
})
