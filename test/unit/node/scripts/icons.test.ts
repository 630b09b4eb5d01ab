// The committed images (resources/icons, for the page, the window, notifications and packaging; the tray
// template; the taskbar's unread overlays) are exactly what `npm run gen:icons` renders, at every size.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import {
  BADGE_LABELS,
  badgeFile,
  ICON_SIZES,
  renderBadges,
  renderIcons,
  renderTray,
  resourcesDir,
} from '../../../../scripts/gen-icons.mjs'

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

it('resources/tray and resources/badges hold the tray template and the unread overlays as rendered', () => {
  const expected: [string, string, Buffer][] = [...renderTray()].map(([name, png]) => ['tray', name, png])
  for (const [label, png] of renderBadges()) expected.push(['badges', badgeFile(label), png])
  expect(BADGE_LABELS).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '9+'])
  expect(expected).toHaveLength(12)
  for (const [folder, name, rendered] of expected) {
    const committed = readFileSync(join(resourcesDir, folder, name))
    expect(committed.equals(rendered), `${folder}/${name} is stale: run npm run gen:icons`).toBe(true)
  }
  expect([readFileSync(join(resourcesDir, 'tray', 'trayTemplate@2x.png')).readUInt32BE(16)]).toEqual([32])
})
